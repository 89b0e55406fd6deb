package dev.bricklayer.emulator.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.reactive.function.server.ServerRequest;

import dev.bricklayer.emulator.server.EmulatorException;

/**
 * Unity Catalog's list paging (reference §7.8.2): {@code max_results} unset answers everything at once (legacy),
 * {@code 0} a page of the server's size (100 here, [K]), a negative value is 400 {@code INVALID_PARAMETER_VALUE};
 * {@code page_token} is where the page starts, and {@code next_page_token} is there while more follow.
 */
final class Paging {

    static final int SERVER_PAGE = 100;

    private Paging() {
    }

    /** {@code {field: page, "next_page_token"?}}. */
    static Map<String, Object> page(ServerRequest request, String field, List<?> all) {
        int size = request.queryParam("max_results").map(value -> number("max_results", value)).map(n -> {
            if (n < 0) {
                throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "max_results must be greater than or equal to 0.");
            }
            return n == 0 ? SERVER_PAGE : n;
        }).orElse(Integer.MAX_VALUE);
        int start = request.queryParam("page_token").filter(t -> !t.isBlank()).map(t -> number("page_token", t)).orElse(0);
        int end = (int) Math.min((long) start + size, all.size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(field, start >= all.size() ? List.of() : all.subList(start, end));
        if (end < all.size()) {
            body.put("next_page_token", String.valueOf(end));
        }
        return body;
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Invalid " + name + ": " + value);
        }
    }
}
