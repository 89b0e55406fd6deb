package dev.bricklayer.emulator.workspace.scim;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.web.reactive.function.server.ServerRequest;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code attributes} / {@code excludedAttributes} of a SCIM read: {@code attributes} keeps only the named
 * top-level attributes (and {@code id}, {@code schemas} and the type's identifying attribute, as the service does);
 * {@code excludedAttributes} drops some (never {@code id} or {@code schemas}). A sub-attribute ({@code name.givenName})
 * counts as its top-level attribute. A schema-qualified name ({@code urn:…:2.0:User:name}) is cut at its first dot
 * too, the one in {@code 2.0}, and so names no attribute (kept as it was; the service's answer is not known).
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
            int dot = trimmed.indexOf('.');
            String top = dot > 0 ? trimmed.substring(0, dot) : trimmed;
            if (top.startsWith("urn:")) {
                top = top.substring(top.lastIndexOf(':') + 1);
            }
            if (!top.isEmpty()) {
                names.add(top);
            }
        }
        return names;
    }
}
