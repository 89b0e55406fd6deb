package dev.bricklayer.security.ipaccess;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An IP access list as the API answers it ({@code IpAccessListInfo}).
 *
 * @param listId      {@code list_id}
 * @param label       {@code label}
 * @param listType    {@code list_type}: {@code ALLOW} or {@code BLOCK}
 * @param ipAddresses {@code ip_addresses}
 * @param enabled     {@code enabled}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IpAccessListInfo(
        @JsonProperty("list_id") String listId,
        @JsonProperty("label") String label,
        @JsonProperty("list_type") String listType,
        @JsonProperty("ip_addresses") List<String> ipAddresses,
        @JsonProperty("enabled") Boolean enabled) {

    public IpAccessListInfo {
        ipAddresses = ipAddresses == null ? List.of() : List.copyOf(ipAddresses);
        enabled = enabled == null || enabled; // created lists are enabled unless told otherwise (reference §3.4, unverified [K])
    }

    /** {@code label|list_type}: lists are unique by both. */
    public String key() {
        return key(label, listType);
    }

    public static String key(String label, String listType) {
        return label + "|" + listType;
    }
}
