package dev.bricklayer.common.aad;

import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.net.ssl.SSLContext;

import com.microsoft.aad.msal4j.HttpMethod;
import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.HttpResponse;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;

/**
 * MSAL4J's HTTP calls on the JDK's {@link HttpClient}: HTTP/1.1, the configured trust store, the system proxy, and
 * the configured timeout for connecting and for each answer. It takes the place of MSAL4J's own client (which is not
 * public) so that {@link AuditedMsalHttpClient} can record every call.
 */
final class JdkMsalHttpClient implements IHttpClient {

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient client;
    private final Duration timeout;

    JdkMsalHttpClient(SSLContext sslContext, Duration timeout) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (ProxySelector.getDefault() != null) {
            builder.proxy(ProxySelector.getDefault());
        }
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.client = builder.build();
        this.timeout = timeout;
    }

    @Override
    public IHttpResponse send(HttpRequest request) throws Exception {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(request.url().toURI()).timeout(timeout);
        if (request.headers() != null) {
            for (Map.Entry<String, String> header : request.headers().entrySet()) {
                if (header.getValue() != null && !RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    builder.header(header.getKey(), header.getValue());
                }
            }
        }
        if (request.httpMethod() == HttpMethod.GET) {
            builder.GET();
        } else {
            builder.method(request.httpMethod().name(), request.body() == null ? BodyPublishers.noBody()
                    : BodyPublishers.ofString(request.body()));
        }
        java.net.http.HttpResponse<String> answer = client.send(builder.build(), BodyHandlers.ofString());
        HttpResponse response = new HttpResponse().statusCode(answer.statusCode()).body(answer.body());
        response.addHeaders(answer.headers().map());
        return response;
    }
}
