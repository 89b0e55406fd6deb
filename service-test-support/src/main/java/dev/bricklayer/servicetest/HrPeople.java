package dev.bricklayer.servicetest;

import java.time.Instant;
import java.time.LocalDate;

import dev.bricklayer.common.events.hr.EmploymentType;
import dev.bricklayer.common.events.hr.HrAttributes;
import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.events.hr.UserMoved;

/**
 * Object mother of the HR system's people and their events, as the services' tests send them on {@code hr.people.events}:
 * typical people's attributes (employees in Zurich), and a person {@code E-1} as {@code Person E-1} with the user name
 * {@code e-1@contoso.com} joining on {@link #FIRST_DAY}, moving on {@link #MOVE_DAY}, leaving on {@link #LAST_DAY}.
 * Only {@code occurredAt} orders a person's events: it is always given.
 */
public final class HrPeople {

    /** The first working day of every joiner. */
    public static final LocalDate FIRST_DAY = LocalDate.of(2025, 3, 1);
    /** The day every move takes effect. */
    public static final LocalDate MOVE_DAY = LocalDate.of(2025, 6, 1);
    /** The last working day of every leaver. */
    public static final LocalDate LAST_DAY = LocalDate.of(2025, 9, 30);

    private HrPeople() {
    }

    /** The user principal name of an employee: the id in lower case at {@code contoso.com}. */
    public static String userName(String employeeId) {
        return employeeId.toLowerCase() + "@contoso.com";
    }

    /** An employment in Zurich. */
    public static HrAttributes attributes(String department, String costCentre, String jobTitle, EmploymentType type) {
        return new HrAttributes(department, costCentre, jobTitle, "Zurich", type);
    }

    /** A Senior Data Engineer of Data Platform ({@code CC-1000}), employee. */
    public static HrAttributes seniorDataEngineer() {
        return attributes("Data Platform", "CC-1000", "Senior Data Engineer", EmploymentType.EMPLOYEE);
    }

    /** A Financial Analyst of Finance ({@code CC-4711}), employee. */
    public static HrAttributes financeAnalyst() {
        return attributes("Finance", "CC-4711", "Financial Analyst", EmploymentType.EMPLOYEE);
    }

    /** A Facility Manager of Facilities ({@code CC-9000}), employee: someone no data platform rule is about. */
    public static HrAttributes facilityManager() {
        return attributes("Facilities", "CC-9000", "Facility Manager", EmploymentType.EMPLOYEE);
    }

    /** {@code employeeId} joined with these attributes, under the {@link #userName} convention. */
    public static UserJoined joined(String employeeId, HrAttributes attributes, Instant occurredAt) {
        return joined(employeeId, userName(employeeId), attributes, occurredAt);
    }

    /** {@code employeeId} joined as {@code userName} with these attributes. */
    public static UserJoined joined(String employeeId, String userName, HrAttributes attributes, Instant occurredAt) {
        return new UserJoined(employeeId, userName, "Person " + employeeId, "Given", employeeId, attributes, FIRST_DAY, occurredAt);
    }

    /** {@code employeeId} moved from {@code previous} (may be {@code null}: not sent) to {@code current}. */
    public static UserMoved moved(String employeeId, HrAttributes previous, HrAttributes current, Instant occurredAt) {
        return new UserMoved(employeeId, userName(employeeId), null, previous, current, MOVE_DAY, occurredAt);
    }

    /** {@code employeeId} left, under the {@link #userName} convention. */
    public static UserLeft left(String employeeId, Instant occurredAt) {
        return left(employeeId, userName(employeeId), occurredAt);
    }

    /** {@code employeeId}, known as {@code userName}, left. */
    public static UserLeft left(String employeeId, String userName, Instant occurredAt) {
        return new UserLeft(employeeId, userName, LAST_DAY, occurredAt);
    }
}
