package dev.bricklayer.platform.demo;

import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.platform.client.PlatformClient;
import dev.bricklayer.platform.client.PlatformClient.Caller;
import dev.bricklayer.platform.run.LocalPlatform;

/** What the demo reads from the running platform: service URLs, the audit trail's size, the emulator's journal. */
final class PlatformReadings {

    private final LocalPlatform platform;
    private final PlatformClient client;
    private final ObjectMapper mapper;

    PlatformReadings(LocalPlatform platform, PlatformClient client, ObjectMapper mapper) {
        this.platform = platform;
        this.client = client;
        this.mapper = mapper;
    }

    URI service(String name, String path) {
        return platform.endpoints().get(name).resolve(path);
    }

    long auditRecords() {
        return client.api(Caller.AUDITOR, "GET", service("audit-service", "/api/v1/audit?size=1"), null).expect(200).json(mapper)
                .path("total").asLong();
    }

    /** Requests the emulator served that the services made ({@link PlatformCalls}). */
    long servedCalls() {
        JsonNode journal = client.admin("GET", "/journal", null).expect(200).json(mapper);
        long served = 0;
        for (JsonNode entry : journal) {
            if (PlatformCalls.madeByTheServices(entry)) {
                served++;
            }
        }
        return served;
    }
}
