package dev.bricklayer.common.http;

import java.util.regex.Pattern;

/**
 * Redacts what looks like a credential from text that may end up in a log line, an exception or an audit
 * record: Databricks PATs ({@code dapi…}), JWTs (AAD access tokens), bearer values.
 */
public final class Secrets {

    private static final Pattern PAT = Pattern.compile("dapi[0-9a-fA-F]{16,}(-\\d+)?");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',;]+");

    private Secrets() {
    }

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = PAT.matcher(text).replaceAll("dapi***");
        out = JWT.matcher(out).replaceAll("***jwt***");
        return BEARER.matcher(out).replaceAll("$1***");
    }
}
