package dev.bricklayer.common.events.hr;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kind of employment, as the HR system reports it. Wire: lower case. */
public enum EmploymentType {
    @JsonProperty("employee") EMPLOYEE,
    @JsonProperty("contractor") CONTRACTOR,
    @JsonProperty("intern") INTERN,
    @JsonProperty("temporary") TEMPORARY
}
