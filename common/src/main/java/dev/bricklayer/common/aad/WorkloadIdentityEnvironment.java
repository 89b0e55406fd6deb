package dev.bricklayer.common.aad;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Fills {@code bricklayer.aad.*} from the variables the Azure Workload Identity webhook injects into a pod, for the
 * {@code federated} credential: {@code AZURE_CLIENT_ID} → {@code client-id}, {@code AZURE_TENANT_ID} →
 * {@code tenant-id}, {@code AZURE_FEDERATED_TOKEN_FILE} → {@code federated-token-file}, {@code AZURE_AUTHORITY_HOST}
 * → {@code authority-host}. So a pod with only the webhook's variables and no {@code bricklayer.aad.*} signs in.
 *
 * <p>The credential is {@code federated} when {@code bricklayer.aad.credential} says so, or when it is unset and
 * neither a client secret nor a certificate is configured but a token file is (as setting or variable). The values
 * are added with the lowest precedence, so anything configured (files, {@code BRICKLAYER_AAD_*} variables, arguments)
 * wins. A post-processor rather than placeholders in each service's {@code application.yml}: it is one place for all
 * services, and it must apply only to the federated credential (a service signing in with a secret on a pod that
 * also has the webhook's variables keeps its configured identity).
 */
public class WorkloadIdentityEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE = "azureWorkloadIdentity";
    static final Map<String, String> VARIABLES = variables();

    private static Map<String, String> variables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("AZURE_CLIENT_ID", AadProperties.PREFIX + ".client-id");
        variables.put("AZURE_TENANT_ID", AadProperties.PREFIX + ".tenant-id");
        variables.put("AZURE_FEDERATED_TOKEN_FILE", AadProperties.PREFIX + ".federated-token-file");
        variables.put("AZURE_AUTHORITY_HOST", AadProperties.PREFIX + ".authority-host");
        return Map.copyOf(variables);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!federated(environment)) {
            return;
        }
        Map<String, Object> filled = new LinkedHashMap<>();
        VARIABLES.forEach((variable, key) -> {
            String value = environment.getProperty(variable);
            if (value != null && !value.isBlank()) {
                filled.put(key, value.strip());
            }
        });
        if (!filled.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, filled));
        }
    }

    /** After the configuration files are loaded, so that what they configure is seen. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    private static boolean federated(ConfigurableEnvironment environment) {
        Binder binder = Binder.get(environment);
        String credential = binder.bind(AadProperties.PREFIX + ".credential", String.class).orElse(null);
        if (credential != null && !credential.isBlank()) {
            // as Spring binds enums: case and dashes do not matter
            return credential.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT).equals("federated");
        }
        boolean secret = !binder.bind(AadProperties.PREFIX + ".client-secret", String.class).orElse("").isBlank();
        boolean certificate = binder.bind(AadProperties.PREFIX + ".certificate", Bindable.mapOf(String.class, Object.class))
                .map(values -> !values.isEmpty()).orElse(false);
        boolean tokenFile = binder.bind(AadProperties.PREFIX + ".federated-token-file", String.class).isBound()
                || environment.containsProperty("AZURE_FEDERATED_TOKEN_FILE");
        return !secret && !certificate && tokenFile;
    }
}
