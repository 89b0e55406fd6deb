package dev.bricklayer.emulator.workspace.scim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.springframework.web.reactive.function.server.ServerRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.utils.FilterEvaluator;

import dev.bricklayer.emulator.server.EmulatorException;

/**
 * The query of a SCIM list: {@code filter} (parsed and evaluated by the UnboundID SCIM 2 SDK; a bad one is 400
 * {@code invalidFilter}), {@code sortBy} (a dotted attribute path, compared case-insensitively) with
 * {@code sortOrder}, paging by {@code startIndex} (1-based) and {@code count} (a non-number is 400
 * {@code invalidValue}), and the {@link ScimProjection} of each resource on the page.
 */
record ScimListQuery(Filter filter, String sortBy, boolean descending, String startIndex, String count,
                     ScimProjection projection) {

    private static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    private static final int ALL = 10_000;

    /** The query of {@code request}; its filter is parsed at once. */
    static ScimListQuery of(ServerRequest request, ScimResourceType type) {
        return of(request, type, 0);
    }

    /**
     * The query of {@code request}; its filter is parsed at once and may have at most {@code filterNodeLimit} nodes (0: any
     * number), else 400 {@code INVALID_FILTER}.
     */
    static ScimListQuery of(ServerRequest request, ScimResourceType type, int filterNodeLimit) {
        Filter filter = request.queryParam("filter").filter(f -> !f.isBlank()).map(ScimListQuery::parse).orElse(null);
        if (filter != null && filterNodeLimit > 0 && nodes(filter) > filterNodeLimit) {
            throw EmulatorException.databricks(400, "INVALID_FILTER", "SCIM filter expressions are limited to "
                    + filterNodeLimit + " nodes.");
        }
        return new ScimListQuery(filter, request.queryParam("sortBy").orElse(null),
                "descending".equalsIgnoreCase(request.queryParam("sortOrder").orElse("ascending")),
                request.queryParam("startIndex").orElse(null), request.queryParam("count").orElse(null),
                ScimProjection.of(request, type));
    }

    /** Whether a (rendered) resource passes the filter. */
    boolean matches(ObjectNode resource) {
        if (filter == null) {
            return true;
        }
        try {
            return FilterEvaluator.evaluate(filter, resource);
        } catch (ScimException e) {
            throw invalidFilter(e);
        }
    }

    /** The {@code ListResponse} of the resources that matched: sorted, paged, projected. */
    ObjectNode answer(List<ObjectNode> matching) {
        List<ObjectNode> sorted = new ArrayList<>(matching);
        if (sortBy != null) {
            Comparator<ObjectNode> order = Comparator.comparing(node -> sortKey(node, sortBy));
            sorted.sort(descending ? order.reversed() : order);
        }
        int first = Math.max(1, number("startIndex", startIndex, 1));
        int size = Math.max(0, number("count", count, ALL));
        List<ObjectNode> page = sorted.stream().skip(first - 1L).limit(size).map(projection::apply).toList();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add(LIST_SCHEMA);
        body.put("totalResults", sorted.size());
        body.put("startIndex", first);
        body.put("itemsPerPage", page.size());
        ArrayNode resources = body.putArray("Resources");
        page.forEach(resources::add);
        return body;
    }

    private static String sortKey(ObjectNode node, String sortBy) {
        JsonNode value = node;
        for (String part : sortBy.split("\\.")) {
            value = value.path(part);
        }
        return value.asText("").toLowerCase(Locale.ROOT);
    }

    private static int number(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw EmulatorException.scim(400, "Invalid value for " + name + ": " + value, "invalidValue");
        }
    }

    /** The nodes of a filter: itself and those of the filters it combines, inverts or applies to a value. */
    private static int nodes(Filter filter) {
        int count = 1;
        if (filter.isCombiningFilter()) {
            for (Filter part : filter.getCombinedFilters()) {
                count += nodes(part);
            }
        } else if (filter.isNotFilter()) {
            count += nodes(filter.getInvertedFilter());
        } else if (filter.isComplexValueFilter()) {
            count += nodes(filter.getValueFilter());
        }
        return count;
    }

    private static Filter parse(String text) {
        try {
            return Filter.fromString(text);
        } catch (ScimException e) {
            throw invalidFilter(e);
        }
    }

    private static EmulatorException invalidFilter(ScimException e) {
        return EmulatorException.scim(400, "Invalid filter: " + e.getMessage(), "invalidFilter");
    }
}
