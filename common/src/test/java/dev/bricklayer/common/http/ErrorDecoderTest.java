package dev.bricklayer.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.http.ApiException.ErrorFormat;

class ErrorDecoderTest {

    private final ErrorDecoder decoder = new ErrorDecoder(new ObjectMapper());

    private static String fixture(String name) throws IOException {
        try (InputStream in = ErrorDecoderTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "databricks/ip-access-lists.GET.error-404-RESOURCE_DOES_NOT_EXIST.json, 404, RESOURCE_DOES_NOT_EXIST, Can't find an IP access list with id: 234567.",
            "databricks/ip-access-lists.POST.error-400-RESOURCE_ALREADY_EXISTS.json, 400, RESOURCE_ALREADY_EXISTS, IP access list with type (BLOCK) and label (Naughty) already exists",
            "databricks/token-management.tokens.GET.error-404.json, 404, NOT_FOUND, Token does not exist",
            "databricks/workspace-conf.PATCH.error-400-values-not-allowed.json, 400, INVALID_REQUEST, Some values are not allowed"})
    void databricksErrorBodiesCarryErrorCodeAndMessage(String file, int status, String code, String message) throws IOException {
        ApiException error = decoder.decode(status, null, fixture(file), "GET", "/api/2.0/x");

        assertThat(error.format()).isEqualTo(ErrorFormat.DATABRICKS);
        assertThat(error.status()).isEqualTo(status);
        assertThat(error.errorCode()).isEqualTo(code);
        assertThat(error.getMessage()).contains(message);
        assertThat(error.serverMessage()).startsWith(message).doesNotContain("/api/2.0/x");
        assertThat(error.isRetryable()).isFalse();
    }

    @Test
    void resourceAlreadyExistsWith400CountsAsAConflict() throws IOException {
        ApiException error = decoder.decode(400, null,
                fixture("databricks/ip-access-lists.POST.error-400-RESOURCE_ALREADY_EXISTS.json"), "POST", "/api/2.0/ip-access-lists");

        assertThat(error.isConflict()).isTrue();
    }

    @Test
    void scimErrorsCarryStatusCodeAndScimType() throws IOException {
        ApiException notFound = decoder.decode(404, null, fixture("databricks/scim.error-404-group-not-found.json"),
                "GET", "/api/2.0/preview/scim/v2/Groups/1234");
        ApiException invalid = decoder.decode(400, null, fixture("databricks/scim.error-400-invalidValue.json"),
                "PATCH", "/api/2.0/preview/scim/v2/Users/1");

        assertThat(notFound.format()).isEqualTo(ErrorFormat.SCIM);
        assertThat(notFound.errorCode()).isEqualTo("SCIM_404");
        assertThat(notFound.scimType()).isEmpty();
        assertThat(notFound.getMessage()).contains("Group with id 1234 is not found");
        assertThat(invalid.errorCode()).isEqualTo("SCIM_400");
        assertThat(invalid.scimType()).contains("invalidValue");
    }

    @Test
    void scimRequestLimitExceededIsThrottlingAndRetryable() {
        ApiException error = decoder.decode(500, null,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"detail\":\"REQUEST_LIMIT_EXCEEDED: concurrent requests\",\"status\":\"500\"}",
                "POST", "/api/2.0/preview/scim/v2/Users");

        assertThat(error.errorCode()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(error.isThrottled()).isTrue();
        assertThat(error.isRetryable()).isTrue();
    }

    @Test
    void armErrorEnvelopeCarriesCodeMessageAndTarget() {
        ApiException error = decoder.decode(403, null,
                "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"The client 'x' does not have authorization\",\"target\":\"/subscriptions/s/resourceGroups/rg\"}}",
                "PUT", "/subscriptions/s/resourcegroups/rg/providers/Microsoft.Resources/deployments/d");

        assertThat(error.format()).isEqualTo(ErrorFormat.ARM);
        assertThat(error.errorCode()).isEqualTo("AuthorizationFailed");
        assertThat(error.target()).contains("/subscriptions/s/resourceGroups/rg");
        assertThat(error.getMessage()).contains("does not have authorization");
    }

    @Test
    void theRpcReferenceErrorBodyIsReadAsArm() throws IOException {
        ApiException error = decoder.decode(400, null, fixture("arm/rpc-common-error-response.json"), "PUT", "/subscriptions/s");

        assertThat(error.format()).isEqualTo(ErrorFormat.ARM);
    }

    @Test
    void legacyAndTextBodiesAreDecodedToo() {
        ApiException legacy = decoder.decode(400, null, "{\"error\":\"Invalid JSON\"}", "POST", "/api/1.2/x");
        ApiException text = decoder.decode(400, null, "INVALID_PARAMETER_VALUE: bad value", "POST", "/api/2.0/x");
        ApiException html = decoder.decode(503, null, "<html><body><pre>TEMPORARILY_UNAVAILABLE: try later</pre></body></html>", "GET", "/api/2.0/x");
        ApiException empty = decoder.decode(502, null, "", "GET", "/api/2.0/x");

        assertThat(legacy.getMessage()).contains("Invalid JSON");
        assertThat(text.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(html.errorCode()).isEqualTo("TEMPORARILY_UNAVAILABLE");
        assertThat(html.isRetryable()).isTrue();
        assertThat(empty.format()).isEqualTo(ErrorFormat.UNKNOWN);
        assertThat(empty.status()).isEqualTo(502);
    }

    @Test
    void retryAfterIsReadAsSecondsOrHttpDate() {
        assertThat(decoder.decode(429, "7", "", "GET", "/x").retryAfter()).contains(Duration.ofSeconds(7));
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
        assertThat(decoder.decode(429, inTenSeconds, "", "GET", "/x").retryAfter().orElseThrow())
                .isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
        assertThat(decoder.decode(429, "soon", "", "GET", "/x").retryAfter()).isEmpty();
    }

    @Test
    void tokensInServerMessagesAreRedacted() {
        ApiException error = decoder.decode(403, null,
                "{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"Token dapi0123456789abcdef0123456789abcdef is revoked; Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.abcdef\"}",
                "GET", "/api/2.0/token/list");

        assertThat(error.getMessage()).doesNotContain("dapi0123456789abcdef").doesNotContain("eyJhbGciOiJSUzI1NiJ9")
                .contains("PERMISSION_DENIED");
        assertThat(error.serverMessage()).startsWith("Token ").doesNotContain("dapi0123456789abcdef")
                .doesNotContain("eyJhbGciOiJSUzI1NiJ9");
    }
}
