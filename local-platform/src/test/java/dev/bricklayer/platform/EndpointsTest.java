package dev.bricklayer.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.platform.run.EmulatorDefaults;

/** {@code ./bricklayer up} prints every app of the emulator's directory with what it may do. */
class EndpointsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachAppIsPrintedWithItsSecretAndWhatItMayDo() throws Exception {
        JsonNode directory = JSON.readTree("""
                [{"tenantId":"t","apps":[
                  {"clientId":"%s","displayName":"bricklayer-platform","signsInWith":"secret","appRoles":[],
                   "azureRoles":[{"role":"Contributor","scope":"/subscriptions/s"}]},
                  {"clientId":"6f1f4e8e-3a0c-4c39-9d5e-000000000002","displayName":"no-role-app","signsInWith":"secret","appRoles":[],"azureRoles":[]},
                  {"clientId":"%s","displayName":"auditor-app","signsInWith":"secret","appRoles":["Audit.Read","Tokens.Read"],"azureRoles":[]},
                  {"clientId":"other","displayName":"someone-elses","signsInWith":"certificate","appRoles":["Workspace.Read"],"azureRoles":[]}
                ]}]""".formatted(EmulatorDefaults.PLATFORM_CLIENT_ID, EmulatorDefaults.AUDITOR_CLIENT_ID));

        StringBuilder printed = new StringBuilder();
        directory.get(0).get("apps").forEach(app -> printed.append(Endpoints.app(app)));

        assertThat(printed.toString().lines()).containsSequence(
                "  bricklayer-platform  " + EmulatorDefaults.PLATFORM_CLIENT_ID + "  secret " + EmulatorDefaults.PLATFORM_CLIENT_SECRET,
                "                       Contributor on /subscriptions/s; the services sign in as it",
                "  no-role-app          6f1f4e8e-3a0c-4c39-9d5e-000000000002  secret local-emulator-secret-no-role",
                "                       may do nothing (to try refusals)",
                "  auditor-app          " + EmulatorDefaults.AUDITOR_CLIENT_ID + "  secret " + EmulatorDefaults.AUDITOR_CLIENT_SECRET,
                "                       Bricklayer API roles Audit.Read, Tokens.Read",
                "  someone-elses        other  secret (certificate)",
                "                       Bricklayer API roles Workspace.Read");
    }
}
