package dev.bricklayer.common.http;

import java.util.regex.Pattern;

/** Audit records' path templates: a path with its id-like segments (numbers, UUIDs, long hex) replaced by {@code {id}}. */
public final class PathTemplates {

    private static final Pattern ID_SEGMENT = Pattern.compile(
            "/(\\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{16,})(?=/|$)");

    private PathTemplates() {
    }

    /** {@code /8f3c…/oauth2/v2.0/token} → {@code /{id}/oauth2/v2.0/token}. */
    public static String of(String path) {
        return ID_SEGMENT.matcher(path).replaceAll("/{id}");
    }
}
