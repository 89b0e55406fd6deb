package dev.bricklayer.common.events;

import java.time.Instant;
import java.time.LocalDate;

import dev.bricklayer.common.events.hr.EmploymentType;
import dev.bricklayer.common.events.hr.HrAttributes;
import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.events.hr.UserMoved;

/** Object mother of HR events: one person, Ada, joining Finance, moving to Risk, leaving. */
public final class HrEvents {

    public static final String EMPLOYEE_ID = "E-100234";
    public static final String USER_NAME = "ada.lovelace@contoso.com";
    public static final Instant OCCURRED_AT = Instant.parse("2025-03-01T08:15:30Z");

    private HrEvents() {
    }

    public static HrAttributes financeAnalyst() {
        return new HrAttributes("Finance", "CC-4711", "Data Analyst", "London", EmploymentType.EMPLOYEE);
    }

    public static HrAttributes riskEngineer() {
        return new HrAttributes("Risk", "CC-5120", "Data Engineer", "Zurich", EmploymentType.EMPLOYEE);
    }

    public static UserJoined joined() {
        return new UserJoined(EMPLOYEE_ID, USER_NAME, "Ada Lovelace", "Ada", "Lovelace",
                financeAnalyst(), LocalDate.of(2025, 3, 3), OCCURRED_AT);
    }

    /** A joiner with only the required attributes. */
    public static UserJoined joinedContractorWithoutOptionals() {
        return new UserJoined("C-77", "grace.hopper@contoso.com", "Grace Hopper", "Grace", "Hopper",
                new HrAttributes("Engineering", "CC-1000", "Contractor", null, null),
                LocalDate.of(2025, 4, 1), OCCURRED_AT);
    }

    public static UserMoved moved() {
        return new UserMoved(EMPLOYEE_ID, USER_NAME, null, financeAnalyst(), riskEngineer(),
                LocalDate.of(2025, 9, 1), OCCURRED_AT.plusSeconds(86_400 * 150L));
    }

    /** A mover whose previous attributes the HR system does not send. */
    public static UserMoved movedWithoutPrevious() {
        return new UserMoved(EMPLOYEE_ID, USER_NAME, "Ada King", null, riskEngineer(),
                LocalDate.of(2025, 9, 1), OCCURRED_AT.plusSeconds(86_400 * 150L));
    }

    public static UserLeft left() {
        return new UserLeft(EMPLOYEE_ID, USER_NAME, LocalDate.of(2026, 1, 31), OCCURRED_AT.plusSeconds(86_400 * 300L));
    }
}
