package dev.bricklayer.servicetest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.jks.JksSslStoreBundle;
import org.springframework.boot.ssl.jks.JksSslStoreDetails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** HTTP to the emulator as the tests' side of the wire sends it: JSON bodies, its certificate trusted, any status answered. */
final class EmulatorWire {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** For what the tests send the emulator themselves: dates as ISO-8601 text, as Azure's APIs take them. */
    private final ObjectMapper wire = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final HttpClient http;

    EmulatorWire(SslBundle trust) {
        this.http = HttpClient.newBuilder().sslContext(trust.createSslContext()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The SSL bundle trusting the emulator's certificate (Spring Boot's SSL bundles read the store). */
    static SslBundle trustBundle(Path trustStore, String password) {
        JksSslStoreDetails store = new JksSslStoreDetails("PKCS12", null, "file:" + trustStore.toAbsolutePath(), password);
        return SslBundle.of(new JksSslStoreBundle(null, store));
    }

    EmulatorAnswer send(String method, String url, Map<String, String> headers, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(wire.writeValueAsString(body)))
                    .header("Content-Type", "application/json");
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body() == null ? "" : response.body();
            JsonNode json = text.isBlank() ? wire.createObjectNode() : parse(text);
            return new EmulatorAnswer(method + " " + url, response.statusCode(), text, json);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode parse(String text) {
        try {
            return wire.readTree(text);
        } catch (IOException e) {
            return null; // not JSON (an error page, say): the text is in the answer
        }
    }
}
