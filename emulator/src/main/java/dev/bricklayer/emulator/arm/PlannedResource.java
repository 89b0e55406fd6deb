package dev.bricklayer.emulator.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A resource of a template, its expressions evaluated: what a deployment will create. */
record PlannedResource(String type, String apiVersion, String name, ObjectNode body, String id) {

    boolean is(String resourceType) {
        return type.equalsIgnoreCase(resourceType);
    }
}
