package dev.bricklayer.emulator.arm;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.server.EmulatorException;

/** ARM's error details and the errors more than one ARM handler answers. */
final class ArmErrors {

    private ArmErrors() {
    }

    /** {@code {"code": …, "message": …}}: an entry of an error's {@code details}, or an operation's error. */
    static ObjectNode detail(String code, String message) {
        ObjectNode detail = JsonNodeFactory.instance.objectNode();
        detail.put("code", code);
        detail.put("message", message);
        return detail;
    }

    /** 400 with a detail's code and message. */
    static EmulatorException badRequest(ObjectNode detail) {
        return EmulatorException.arm(400, detail.path("code").asText(), detail.path("message").asText());
    }

    static EmulatorException notFound(String type, String name, String resourceGroup) {
        return EmulatorException.arm(404, "ResourceNotFound", "The Resource '" + type + "/" + name + "' under resource group '"
                + resourceGroup + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
    }

    static EmulatorException invalidTemplate(String message) {
        return EmulatorException.arm(400, "InvalidTemplate", "Deployment template validation failed: '" + message + "'.");
    }
}
