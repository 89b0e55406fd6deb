package dev.bricklayer.identity.directory;

import java.util.SortedSet;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The {@code jsonb} columns of identity-service's tables: values written as JSON, lists of names read back sorted. */
public final class JsonColumns {

    private static final TypeReference<TreeSet<String>> NAMES = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public JsonColumns(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A list of names (groups, entitlements, privileges) as stored. */
    public SortedSet<String> names(String json) {
        try {
            return mapper.readValue(json, NAMES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable name list " + json, e);
        }
    }

    /** A value as JSON, for a {@code ?::jsonb} parameter. */
    public String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
