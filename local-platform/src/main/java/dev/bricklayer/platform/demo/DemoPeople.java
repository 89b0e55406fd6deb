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
 * The demo's people: engineers and analysts of the analytics team (the access rules give them the analytics
 * workspace) and finance analysts (the restricted workspace), some of whom move or leave.
 */
final class DemoPeople {

    static final HrAttributes ENGINEER = new HrAttributes("Data Engineering", "CC-4711", "Data Engineer", "Amsterdam", EmploymentType.EMPLOYEE);
    static final HrAttributes ANALYST = new HrAttributes("Analytics", "CC-4712", "Data Analyst", "Amsterdam", EmploymentType.EMPLOYEE);
    static final HrAttributes FINANCE = new HrAttributes("Finance", "CC-2001", "Financial Analyst", "London", EmploymentType.EMPLOYEE);

    private DemoPeople() {
    }

    static String employeeId(int i) {
        return String.format("E%05d", 10_000 + i);
    }

    static String userName(int i) {
        return String.format("person%03d@bricklayer.example", i);
    }

    static HrAttributes attributes(int i) {
        return switch (i % 3) {
            case 0 -> ENGINEER;
            case 1 -> ANALYST;
            default -> FINANCE;
        };
    }

    static List<UserJoined> joiners(int count) {
        List<UserJoined> joined = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            joined.add(new UserJoined(employeeId(i), userName(i), "Person " + i, "Person", String.valueOf(i), attributes(i),
                    LocalDate.now(), Instant.now()));
        }
        return joined;
    }

    /** Analysts 1 and 4 become engineers; finance analyst 2 moves to analytics. */
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
