package dev.bricklayer.emulator.sdk;

import java.nio.file.Path;

import javax.net.ssl.SSLContext;

import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.commons.CommonsHttpClient;

import dev.bricklayer.emulator.core.HttpsClient;

/** The official SDK's HTTP client trusting only the emulator's certificate. */
final class SdkHttp {

    private SdkHttp() {
    }

    /** {@code config} with an HTTP client that trusts the emulator's trust store; the same config. */
    static DatabricksConfig trusting(DatabricksConfig config, Path trustStore) throws Exception {
        SSLContext ssl = HttpsClient.sslContext(trustStore, "changeit");
        SSLConnectionSocketFactory socketFactory = new SSLConnectionSocketFactory(ssl);
        var connections = new PoolingHttpClientConnectionManager(RegistryBuilder.<ConnectionSocketFactory>create()
                .register("https", socketFactory).build());
        return config.setHttpClient(new CommonsHttpClient.Builder().withDatabricksConfig(config)
                .withSslSocketFactory(socketFactory).withConnectionManager(connections).build());
    }
}
