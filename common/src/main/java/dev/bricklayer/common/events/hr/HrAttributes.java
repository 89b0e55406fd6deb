package dev.bricklayer.common.events.hr;

import java.util.Objects;

/**
 * The organisational attributes of a person that identity-service's access rules look at to choose workspaces
 * and groups.
 *
 * @param department     department, e.g. {@code Finance}
 * @param costCentre     cost centre code, e.g. {@code CC-4711}
 * @param jobTitle       job title, e.g. {@code Data Engineer}
 * @param location       office or country; optional
 * @param employmentType kind of employment; optional
 */
public record HrAttributes(
        String department,
        String costCentre,
        String jobTitle,
        String location,
        EmploymentType employmentType) {

    public HrAttributes {
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(costCentre, "costCentre");
        Objects.requireNonNull(jobTitle, "jobTitle");
    }
}
