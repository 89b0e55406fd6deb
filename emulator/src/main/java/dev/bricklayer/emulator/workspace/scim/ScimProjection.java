package dev.bricklayer.emulator.workspace.scim;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.web.reactive.function.server.ServerRequest;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code attributes} / {@code excludedAttributes} of a SCIM read: {@code attributes} keeps only the named
 * top-level attributes (and {@code id}, {@code schemas} and the type's identifying attribute, as the service does);
 * {@code excludedAttributes} drops some (never {@code id} or {@code schemas}). A sub-attribute ({@code name.givenName})
 * counts as its top-level attribute; a schema-qualified name ({@code urn:ietf:params:scim:schemas:core:2.0:User:name.givenName},
 * RFC 7644 §3.10) names the attribute after its schema's last colon.
 */
record ScimProjection(String attributes, String excludedAttributes, ScimResourceType type) {

    static ScimProjection of(ServerRequest request, ScimResourceType type) {
        return new ScimProjection(request.queryParam("attributes").orElse(null),
                request.queryParam("excludedAttributes").orElse(null), type);
    }

    /** {@code resource} as projected: itself when nothing is asked, else a copy. */
    ObjectNode apply(ObjectNode resource) {
        if (attributes == null && excludedAttributes == null) {
            return resource;
        }
        ObjectNode copy = resource.deepCopy();
        if (attributes != null && !attributes.isBlank()) {
            Set<String> keep = names(attributes);
            keep.add("id");
            keep.add("schemas");
            keep.add(type.uniqueAttribute);
            copy.retain(keep);
        }
        if (excludedAttributes != null && !excludedAttributes.isBlank()) {
            Set<String> drop = names(excludedAttributes);
            drop.remove("id");
            drop.remove("schemas");
            copy.remove(drop);
        }
        return copy;
    }

    private static Set<String> names(String list) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : list.split(",")) {
            String trimmed = name.trim();
            if (trimmed.startsWith("urn:")) {
                trimmed = trimmed.substring(trimmed.lastIndexOf(':') + 1); // the schema's URN, then the attribute path
            }
            int dot = trimmed.indexOf('.');
            String top = dot > 0 ? trimmed.substring(0, dot) : trimmed;
            if (!top.isEmpty()) {
                names.add(top);
            }
        }
        return names;
    }
}
