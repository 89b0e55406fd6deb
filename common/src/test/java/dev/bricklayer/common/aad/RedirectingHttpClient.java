package dev.bricklayer.common.aad;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.microsoft.aad.msal4j.HttpMethod;
import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;

import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.tls.HandshakeCertificates;

/**
 * MSAL4J HTTP client that sends every request for {@code https://login.microsoftonline.com/...} to the test
 * server instead, so MSAL4J is configured exactly as for real Entra ID (AAD authority, default port, instance
 * discovery) while the wire stays local. Records the URLs MSAL4J asked for.
 */
final class RedirectingHttpClient implements IHttpClient {

    private final AadTestServer target;
    private final OkHttpClient http;
    private final List<String> requestedUrls = new CopyOnWriteArrayList<>();

    RedirectingHttpClient(AadTestServer target) {
        this.target = target;
        HandshakeCertificates trust = new HandshakeCertificates.Builder()
                .addTrustedCertificate(target.certificateAuthority.certificate())
                .build();
        this.http = new OkHttpClient.Builder()
                .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
                .build();
    }

    List<String> requestedUrls() {
        return List.copyOf(requestedUrls);
    }

    @Override
    public IHttpResponse send(HttpRequest request) throws Exception {
        URL original = request.url();
        requestedUrls.add(original.toString());
        HttpUrl url = HttpUrl.get(original.toString()).newBuilder()
                .host("localhost")
                .port(target.port())
                .build();
        Request.Builder builder = new Request.Builder().url(url);
        if (request.headers() != null) {
            request.headers().forEach(builder::header);
        }
        if (request.httpMethod() == HttpMethod.POST) {
            String contentType = request.headerValue("Content-Type");
            builder.post(RequestBody.create(request.body() == null ? "" : request.body(),
                    MediaType.get(contentType == null ? "application/x-www-form-urlencoded" : contentType)));
        } else {
            builder.method(request.httpMethod().methodName, null);
        }
        try (Response response = http.newCall(builder.build()).execute()) {
            ResponseBody body = response.body();
            com.microsoft.aad.msal4j.HttpResponse result = new com.microsoft.aad.msal4j.HttpResponse()
                    .statusCode(response.code())
                    .body(body == null ? "" : body.string());
            result.addHeaders(Map.copyOf(response.headers().toMultimap()));
            return result;
        }
    }
}
