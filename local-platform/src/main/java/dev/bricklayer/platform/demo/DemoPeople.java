package dev.bricklayer.platform.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import dev.bricklayer.common.events.hr.EmploymentType;
import dev.bricklayer.common.events.hr.HrAttributes;
import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.events.hr.UserMoved;

/**
 * The demo's people, as the shipped access rules ({@code access-rules/data-platform.yaml}) see them: data engineers
 * and marketing analysts get the internal workspace ({@code data-engineers} / {@code data-analysts}); finance analysts
 * of cost centre CC-4711 get it as analysts and the confidential one as {@code restricted-analysts}. Some move or
 * leave.
 */
final class DemoPeople {

    static final HrAttributes ENGINEER = new HrAttributes("Data Platform", "CC-5000", "Senior Data Engineer", "Amsterdam",
            EmploymentType.EMPLOYEE);
    static final HrAttributes ANALYST = new HrAttributes("Marketing", "CC-6100", "Marketing Analyst", "Amsterdam", EmploymentType.EMPLOYEE);
    static final HrAttributes FINANCE = new HrAttributes("Finance", "CC-4711", "Financial Analyst", "London", EmploymentType.EMPLOYEE);

    private DemoPeople() {
    }

    static String employeeId(int i) {
        return String.format("E%05d", 10_000 + i);
    }

    static String userName(int i) {
        return String.format("person%03d@contoso.com", i);
    }

    static HrAttributes attributes(int i) {
        return switch (i % 3) {
            case 0 -> ENGINEER;
            case 1 -> ANALYST;
            default -> FINANCE;
        };
    }

    /**
     * How many (person, workspace) pairs the rules give the first {@code count} joiners: every one the internal
     * workspace, the finance analysts the confidential one too.
     */
    static int workspacesOf(int count) {
        int finance = 0;
        for (int i = 0; i < count; i++) {
            if (attributes(i) == FINANCE) {
                finance++;
            }
        }
        return count + finance;
    }

    static List<UserJoined> joiners(int count) {
        List<UserJoined> joined = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            joined.add(new UserJoined(employeeId(i), userName(i), "Person " + i, "Person", String.valueOf(i), attributes(i),
                    LocalDate.now(), Instant.now()));
        }
        return joined;
    }

    /** Analysts 1 and 4 become data engineers; finance analyst 2 moves to marketing (and out of the confidential workspace). */
    static List<UserMoved> movers() {
        return List.of(
                new UserMoved(employeeId(1), userName(1), null, ANALYST, ENGINEER, LocalDate.now(), Instant.now()),
                new UserMoved(employeeId(4), userName(4), null, ANALYST, ENGINEER, LocalDate.now(), Instant.now()),
                new UserMoved(employeeId(2), userName(2), null, FINANCE, ANALYST, LocalDate.now(), Instant.now()));
    }

    /** Engineers 0 and 3 leave. */
    static List<UserLeft> leavers() {
        return List.of(new UserLeft(employeeId(0), userName(0), LocalDate.now(), Instant.now()),
                new UserLeft(employeeId(3), userName(3), LocalDate.now(), Instant.now()));
    }
}
