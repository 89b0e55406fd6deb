package dev.bricklayer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.bricklayer.common.events.TopicLayout;
import dev.bricklayer.platform.run.PlatformJvms;
import dev.bricklayer.platform.run.PlatformSettings;
import dev.bricklayer.platform.run.ServiceSpec;

/**
 * {@code deploy/kubernetes} cannot be applied here (no cluster), so each overlay is rendered (base and patches,
 * {@link Kustomization}) and checked: every resource is a kind and API version the platform uses and what it refers
 * to is in the render; every service's Deployment runs two replicas as a non-root user on a read-only root file
 * system, with probes on its actuator at its port, and resources; its Service, disruption budget and ServiceAccount
 * fit it; every setting and secret file it is given is a configuration key of its boot jar; its ScaledObject scales
 * on its real consumer groups and topics, never past their partitions; no ConfigMap holds a secret; and the Azure
 * overlay signs in with workload identity and reads its secrets from Key Vault.
 */
class KubernetesManifestsTest {

    static final Path ROOT = DockerComposeTest.ROOT;
    static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
    static final List<String> OVERLAYS = List.of("local", "azure");
    static final Map<String, String> API_VERSIONS = Map.ofEntries(Map.entry("Namespace", "v1"), Map.entry("ServiceAccount", "v1"),
            Map.entry("ConfigMap", "v1"), Map.entry("Secret", "v1"), Map.entry("Service", "v1"), Map.entry("PersistentVolumeClaim", "v1"),
            Map.entry("Deployment", "apps/v1"), Map.entry("Job", "batch/v1"), Map.entry("PodDisruptionBudget", "policy/v1"),
            Map.entry("ScaledObject", "keda.sh/v1alpha1"), Map.entry("TriggerAuthentication", "keda.sh/v1alpha1"),
            Map.entry("SecretProviderClass", "secrets-store.csi.x-k8s.io/v1"));
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|jaas|connectionstring|credential-value|private).*");

    static Map<String, List<Map<String, Object>>> rendered = new LinkedHashMap<>();
    static List<ServiceSpec> services;

    @BeforeAll
    static void render() {
        services = ServiceSpec.all(PlatformSettings.defaults(ROOT));
        for (String overlay : OVERLAYS) {
            rendered.put(overlay, Kustomization.render(KUBERNETES.resolve("overlays").resolve(overlay)));
        }
    }


    static List<Map<String, Object>> all(String overlay, String kind) {
        return rendered.get(overlay).stream().filter(r -> kind.equals(r.get("kind"))).toList();
    }

    static Map<String, Object> one(String overlay, String kind, String name) {
        List<Map<String, Object>> found = all(overlay, kind).stream().filter(r -> name.equals(Kustomization.metadata(r).get("name"))).toList();
        assertThat(found).as(overlay + ": " + kind + " " + name).hasSize(1);
        return found.get(0);
    }

    static boolean exists(String overlay, String kind, String name) {
        return all(overlay, kind).stream().anyMatch(r -> name.equals(Kustomization.metadata(r).get("name")));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String... path) {
        Object at = node;
        for (String key : path) {
            at = at instanceof Map<?, ?> m ? m.get(key) : null;
        }
        return at == null ? Map.of() : (Map<String, Object>) at;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object node, String... path) {
        Object at = node;
        for (int i = 0; i < path.length - 1; i++) {
            at = at instanceof Map<?, ?> m ? m.get(path[i]) : null;
        }
        Object value = at instanceof Map<?, ?> m ? m.get(path[path.length - 1]) : null;
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return map(deployment, "spec", "template", "spec");
    }

    static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = list(podSpec(deployment), "containers");
        assertThat(containers).as(Kustomization.metadata(deployment).get("name") + " containers").hasSize(1);
        return containers.get(0);
    }

    /** Every variable a container is given: its env and every key of the ConfigMaps it takes whole. */
    static Map<String, String> environment(String overlay, Map<String, Object> container) {
        Map<String, String> variables = new TreeMap<>();
        for (Map<String, Object> from : list(container, "envFrom")) {
            assertThat(from).as("envFrom takes ConfigMaps only (secrets come as files)").containsOnlyKeys("configMapRef");
            Map<String, Object> configMap = one(overlay, "ConfigMap", (String) map(from, "configMapRef").get("name"));
            map(configMap, "data").forEach((k, v) -> variables.put(k, String.valueOf(v)));
        }
        for (Map<String, Object> variable : list(container, "env")) {
            variables.put((String) variable.get("name"), String.valueOf(variable.get("value")));
        }
        return variables;
    }

    /** The configuration keys the secrets volume gives as files (configtree): the Secret's keys or Key Vault's aliases. */
    @SuppressWarnings("unchecked")
    static List<String> secretFiles(String overlay, Map<String, Object> deployment) {
        Map<String, Object> volume = list(podSpec(deployment), "volumes").stream().filter(v -> "secrets".equals(v.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no secrets volume"));
        if (volume.containsKey("secret")) {
            Map<String, Object> secret = one(overlay, "Secret", (String) map(volume, "secret").get("secretName"));
            return new ArrayList<>(map(secret, "stringData").keySet());
        }
        Map<String, Object> provider = one(overlay, "SecretProviderClass", (String) map(volume, "csi", "volumeAttributes").get("secretProviderClass"));
        Map<String, Object> objects = (Map<String, Object>) new Yaml().load((String) map(provider, "spec", "parameters").get("objects"));
        List<String> aliases = new ArrayList<>();
        for (Object object : (List<Object>) objects.get("array")) {
            Map<String, Object> entry = (Map<String, Object>) new Yaml().load((String) object);
            aliases.add((String) entry.getOrDefault("objectAlias", entry.get("objectName")));
        }
        return aliases;
    }


    @Test
    void everyResourceIsAKindThePlatformUsesAndWhatItRefersToIsRendered() {
        for (String overlay : OVERLAYS) {
            Set<String> seen = new java.util.HashSet<>();
            for (Map<String, Object> resource : rendered.get(overlay)) {
                String kind = (String) resource.get("kind");
                String name = (String) Kustomization.metadata(resource).get("name");
                assertThat(API_VERSIONS).as(overlay + ": kind of " + name).containsKey(kind);
                assertThat(resource.get("apiVersion")).as(overlay + ": " + kind + " " + name).isEqualTo(API_VERSIONS.get(kind));
                assertThat(name).as(overlay + ": a " + kind + "'s name").matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
                assertThat(seen.add(kind + "/" + name)).as(overlay + ": " + kind + " " + name + " once").isTrue();
                if (!"Namespace".equals(kind)) {
                    assertThat(Kustomization.metadata(resource).get("namespace")).as(overlay + ": " + kind + " " + name).isEqualTo("bricklayer");
                }
            }
            for (Map<String, Object> workload : concat(all(overlay, "Deployment"), all(overlay, "Job"))) {
                Map<String, Object> pod = podSpec(workload);
                if (pod.containsKey("serviceAccountName")) {
                    assertThat(exists(overlay, "ServiceAccount", (String) pod.get("serviceAccountName"))).isTrue();
                }
                for (Map<String, Object> volume : list(pod, "volumes")) {
                    if (volume.containsKey("secret")) {
                        assertThat(exists(overlay, "Secret", (String) map(volume, "secret").get("secretName"))).as(overlay + " volume " + volume).isTrue();
                    }
                    if (volume.containsKey("persistentVolumeClaim")) {
                        assertThat(exists(overlay, "PersistentVolumeClaim", (String) map(volume, "persistentVolumeClaim").get("claimName"))).isTrue();
                    }
                    if (volume.containsKey("csi")) {
                        assertThat(exists(overlay, "SecretProviderClass", (String) map(volume, "csi", "volumeAttributes").get("secretProviderClass"))).isTrue();
                    }
                }
                Set<String> volumes = list(pod, "volumes").stream().map(v -> (String) v.get("name")).collect(Collectors.toSet());
                for (Map<String, Object> container : concat(list(pod, "containers"), list(pod, "initContainers"))) {
                    list(container, "volumeMounts").forEach(mount -> assertThat(volumes).as(overlay + " mounts").contains((String) mount.get("name")));
                    list(container, "envFrom").forEach(from -> assertThat(exists(overlay, "ConfigMap", (String) map(from, "configMapRef").get("name"))).isTrue());
                }
            }
            for (Map<String, Object> authentication : all(overlay, "TriggerAuthentication")) {
                for (Map<String, Object> ref : list(authentication, "spec", "configMapTargetRef")) {
                    Map<String, Object> configMap = one(overlay, "ConfigMap", (String) ref.get("name"));
                    assertThat(map(configMap, "data")).as(overlay + " trigger settings").containsKey((String) ref.get("key"));
                }
            }
        }
    }

    @Test
    void everyServiceRunsTwoNonRootReplicasOnAReadOnlyRootWithProbesOnItsPortAndResources() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        Matcher user = Pattern.compile("(?m)^USER (\\d+)(?::(\\d+))?$").matcher(dockerfile);
        assertThat(user.find()).as("the Dockerfile's USER is numeric (runAsNonRoot checks it)").isTrue();
        assertThat(Integer.parseInt(user.group(1))).isPositive();
        assertThat(dockerfile).as("the JVM's temporary files go to /tmp").contains("-Djava.io.tmpdir=/tmp");
        for (String overlay : OVERLAYS) {
            for (ServiceSpec spec : services) {
                String name = spec.name();
                Map<String, Object> deployment = one(overlay, "Deployment", name);
                assertThat(map(deployment, "spec").get("replicas")).as(overlay + " " + name + " replicas").isEqualTo(2);
                Map<String, String> labels = stringMap(map(deployment, "spec", "selector", "matchLabels"));
                assertThat(stringMap(map(deployment, "spec", "template", "metadata", "labels"))).containsAllEntriesOf(labels);
                Map<String, Object> pod = podSpec(deployment);
                assertThat(pod.get("serviceAccountName")).isEqualTo(name);
                Map<String, Object> podSecurity = map(pod, "securityContext");
                assertThat(podSecurity.get("runAsNonRoot")).as(overlay + " " + name + " runAsNonRoot").isEqualTo(true);
                assertThat(podSecurity.get("runAsUser")).as("the image's user").isEqualTo(Integer.parseInt(user.group(1)));

                Map<String, Object> container = container(deployment);
                assertThat(String.valueOf(container.get("image"))).contains("bricklayer/" + name + ":");
                Map<String, Object> security = map(container, "securityContext");
                assertThat(security.get("readOnlyRootFilesystem")).as(overlay + " " + name + " read-only root").isEqualTo(true);
                assertThat(security.get("allowPrivilegeEscalation")).isEqualTo(false);
                String tmpVolume = list(container, "volumeMounts").stream().filter(m -> "/tmp".equals(m.get("mountPath")))
                        .map(m -> (String) m.get("name")).findFirst().orElseThrow(() -> new AssertionError(name + ": /tmp is not a volume"));
                assertThat(list(pod, "volumes")).filteredOn(v -> tmpVolume.equals(v.get("name"))).singleElement()
                        .satisfies(v -> assertThat(v).containsKey("emptyDir"));

                List<Map<String, Object>> ports = list(container, "ports");
                assertThat(ports).as(name + " ports").singleElement().satisfies(p -> {
                    assertThat(p.get("name")).isEqualTo("http");
                    assertThat(p.get("containerPort")).isEqualTo(spec.port());
                });
                assertThat(environment(overlay, container)).as(name + " SERVER_PORT").containsEntry("SERVER_PORT", String.valueOf(spec.port()));
                assertProbe(container, "readinessProbe", "/actuator/health/readiness", name);
                assertProbe(container, "livenessProbe", "/actuator/health/liveness", name);
                assertThat(map(container, "resources", "requests")).as(name + " requests").containsKeys("cpu", "memory");
                assertThat(map(container, "resources", "limits")).as(name + " limits").containsKey("memory");

                Map<String, Object> service = one(overlay, "Service", name);
                assertThat(stringMap(map(service, "spec", "selector"))).isEqualTo(labels);
                assertThat(list(service, "spec", "ports")).singleElement().satisfies(p -> {
                    assertThat(p.get("port")).as(name + " Service port").isEqualTo(spec.port());
                    assertThat(p.get("targetPort")).isEqualTo("http");
                });
                Map<String, Object> budget = one(overlay, "PodDisruptionBudget", name);
                assertThat(stringMap(map(budget, "spec", "selector", "matchLabels"))).as(name + " PDB selects the pods").isEqualTo(labels);
                assertThat(map(budget, "spec").get("minAvailable")).as("one replica stays through a drain").isEqualTo(1);
            }
        }
    }

    private static void assertProbe(Map<String, Object> container, String probe, String path, String service) {
        Map<String, Object> get = map(container, probe, "httpGet");
        assertThat(get.get("path")).as(service + " " + probe).isEqualTo(path);
        assertThat(get.get("port")).as(service + " " + probe + " port (the container's http port)").isEqualTo("http");
    }

    @Test
    void everySettingAndSecretFileGivenToAServiceIsAConfigurationKeyOfItsBootJar() {
        List<String> unknown = new ArrayList<>();
        for (ServiceSpec spec : services) {
            ServiceConfigurationKeys keys = ServiceConfigurationKeys.of(PlatformJvms.bootJar(ROOT, spec.name()));
            for (String overlay : OVERLAYS) {
                Map<String, Object> deployment = one(overlay, "Deployment", spec.name());
                environment(overlay, container(deployment)).keySet().stream().filter(variable -> !keys.binds(variable))
                        .forEach(variable -> unknown.add(overlay + " " + spec.name() + ": " + variable));
                secretFiles(overlay, deployment).stream().filter(key -> !keys.has(key))
                        .forEach(key -> unknown.add(overlay + " " + spec.name() + ": secret file " + key));
            }
        }
        ServiceConfigurationKeys emulator = ServiceConfigurationKeys.of(PlatformJvms.bootJar(ROOT, "emulator"));
        @SuppressWarnings("unchecked")
        List<String> arguments = (List<String>) container(one("local", "Deployment", "emulator")).get("args");
        arguments.stream().map(argument -> argument.substring(2, argument.indexOf('='))).filter(key -> !emulator.has(key))
                .forEach(key -> unknown.add("local emulator: --" + key));

        assertThat(unknown).as("settings no service has").isEmpty();
    }

    @Test
    void noConfigMapHoldsASecretAndTheLocalSecretsAreTheEmulatorsTestOnes() throws IOException {
        for (String overlay : OVERLAYS) {
            for (Map<String, Object> configMap : all(overlay, "ConfigMap")) {
                map(configMap, "data").forEach((key, value) -> {
                    assertThat(key).as(overlay + " ConfigMap " + Kustomization.metadata(configMap).get("name")).doesNotMatch(SECRET_NAME);
                    assertThat(String.valueOf(value)).as(overlay + " " + key).doesNotContainIgnoringCase("SharedAccessKey")
                            .doesNotContainIgnoringCase("password=").doesNotContain("local-emulator-secret");
                });
            }
        }
        assertThat(all("azure", "Secret")).as("Azure: no secret in Kubernetes, Key Vault holds them").isEmpty();
        // the local Secret holds exactly the emulator's test values docker-compose.yml gives the services
        @SuppressWarnings("unchecked")
        Map<String, Object> compose = (Map<String, Object>) map(new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml"))),
                "services", "workspace-service").get("environment");
        Map<String, Object> secret = map(one("local", "Secret", "bricklayer-secrets"), "stringData");
        assertThat(secret).isNotEmpty();
        secret.forEach((key, value) -> assertThat(String.valueOf(compose.get(ServiceConfigurationKeys.environmentForm(key))))
                .as("local secret " + key + " as docker-compose.yml has it").isEqualTo(String.valueOf(value)));
    }

    @Test
    void theAzureOverlaySignsInWithWorkloadIdentityAndReadsKeyVault() {
        Map<String, Object> provider = one("azure", "SecretProviderClass", "bricklayer-key-vault");
        Map<String, Object> parameters = map(provider, "spec", "parameters");
        assertThat(map(provider, "spec").get("provider")).isEqualTo("azure");
        assertThat(parameters).containsKeys("clientID", "keyvaultName", "tenantId", "objects").containsEntry("usePodIdentity", "false");
        for (ServiceSpec spec : services) {
            Map<String, Object> account = one("azure", "ServiceAccount", spec.name());
            assertThat(map(account, "metadata", "annotations")).as(spec.name() + " ServiceAccount")
                    .containsEntry("azure.workload.identity/client-id", parameters.get("clientID"));
            Map<String, Object> deployment = one("azure", "Deployment", spec.name());
            assertThat(map(deployment, "spec", "template", "metadata", "labels")).containsEntry("azure.workload.identity/use", "true");
            Map<String, Object> secrets = list(podSpec(deployment), "volumes").stream().filter(v -> "secrets".equals(v.get("name"))).findFirst().orElseThrow();
            assertThat(secrets).as("Key Vault through the CSI driver, read-only").doesNotContainKey("secret");
            assertThat(map(secrets, "csi")).containsEntry("driver", "secrets-store.csi.k8s.io").containsEntry("readOnly", true);
            assertThat(list(container(deployment), "volumeMounts")).filteredOn(m -> "secrets".equals(m.get("name"))).singleElement()
                    .satisfies(m -> assertThat(m).containsEntry("readOnly", true).containsEntry("mountPath", "/mnt/secrets"));
            Map<String, String> environment = environment("azure", container(deployment));
            assertThat(environment).as(spec.name() + ": federated sign-in, no client secret").containsEntry("BRICKLAYER_AAD_CREDENTIAL", "federated")
                    .doesNotContainKeys("BRICKLAYER_AAD_CLIENTSECRET", "BRICKLAYER_AAD_CLIENTID", "BRICKLAYER_AAD_TENANTID", "BRICKLAYER_TLS_BUNDLE")
                    .containsEntry("SPRING_CONFIG_IMPORT", "optional:configtree:/mnt/secrets/");
            assertThat(secretFiles("azure", deployment)).as("the only secrets left")
                    .containsExactlyInAnyOrder("spring.datasource.password", "spring.kafka.properties.sasl.jaas.config");
        }
        assertThat(all("azure", "Deployment")).as("no emulator in Azure").hasSize(services.size());
    }

    @Test
    void everyScaledObjectScalesItsServiceOnItsRealConsumerGroupsNeverPastTheirPartitions() {
        for (String overlay : OVERLAYS) {
            for (ServiceSpec spec : services) {
                ServiceBindings bindings = ServiceBindings.of(PlatformJvms.bootJar(ROOT, spec.name()));
                Map<String, Object> scaled = one(overlay, "ScaledObject", spec.name());
                Map<String, Object> scaledSpec = map(scaled, "spec");
                assertThat(map(scaledSpec, "scaleTargetRef").get("name")).isEqualTo(spec.name());
                int min = (Integer) scaledSpec.get("minReplicaCount");
                int max = (Integer) scaledSpec.get("maxReplicaCount");
                assertThat(min).as(spec.name() + " minReplicaCount").isEqualTo(2);
                List<String> triggered = new ArrayList<>();
                for (Map<String, Object> trigger : list(scaledSpec, "triggers")) {
                    assertThat(trigger.get("type")).isEqualTo("kafka");
                    Map<String, Object> metadata = map(trigger, "metadata");
                    String topic = (String) metadata.get("topic");
                    assertThat(bindings.bindings()).as(spec.name() + ": a binding reads " + topic + " in group " + metadata.get("consumerGroup"))
                            .anyMatch(b -> b.topics().contains(topic) && b.group().equals(metadata.get("consumerGroup")));
                    assertThat(metadata.get("allowIdleConsumers")).isEqualTo("false");
                    assertThat(metadata.get("bootstrapServersFromEnv")).as("the servers the service uses").isEqualTo("SPRING_KAFKA_BOOTSTRAPSERVERS");
                    assertThat(Integer.parseInt((String) metadata.get("lagThreshold"))).isPositive();
                    assertThat(exists(overlay, "TriggerAuthentication", (String) map(trigger, "authenticationRef").get("name"))).isTrue();
                    assertThat(max).as(spec.name() + " maxReplicaCount against " + topic + "'s partitions").isLessThanOrEqualTo(TopicLayout.partitions(topic));
                    triggered.add(topic);
                }
                assertThat(triggered).as(spec.name() + ": a trigger for every topic it consumes").containsExactlyInAnyOrderElementsOf(bindings.topics());
                assertThat(max).isGreaterThanOrEqualTo(min);
            }
        }
    }

    @Test
    void everyTopicAndDeadLetterTopicIsCreatedWithItsPartitions() throws IOException {
        for (ServiceSpec spec : services) {
            for (ServiceBindings.Binding binding : ServiceBindings.of(PlatformJvms.bootJar(ROOT, spec.name())).bindings()) {
                for (String topic : binding.topics()) {
                    assertThat(TopicLayout.find(topic)).as(spec.name() + " reads " + topic).isPresent();
                    assertThat(TopicLayout.find(binding.deadLetterTopic())).as(spec.name() + " dead letters " + binding.deadLetterTopic())
                            .hasValueSatisfying(dlq -> assertThat(dlq.partitions())
                                    .as("the binder dead-letters to the record's partition number").isGreaterThanOrEqualTo(TopicLayout.partitions(topic)));
                }
            }
        }
        @SuppressWarnings("unchecked")
        List<String> job = (List<String>) container(one("local", "Job", "kafka-topics")).get("args");
        assertThat(TopicScript.topics(String.join(" ", job))).as("the local topics Job").isEqualTo(TopicScript.layout());

        // the production table in deploy/kubernetes/README.md (IaC creates the topics there)
        Map<String, TopicLayout.Topic> documented = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z][a-z0-9.\\-]*)` \\| (\\d+) \\| (yes|no) \\|").matcher(Files.readString(KUBERNETES.resolve("README.md")));
        while (row.find()) {
            documented.put(row.group(1), new TopicLayout.Topic(row.group(1), Integer.parseInt(row.group(2)), row.group(3).equals("yes")));
        }
        assertThat(documented).as("deploy/kubernetes/README.md's topics table").isEqualTo(TopicScript.layout());
    }

    @Test
    void kubectlRendersTheOverlaysAsTheTestDoes() throws Exception {
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not on the PATH: the overlays were rendered by the test's own "
                + "Kustomization only (install kubectl to compare with Kustomize itself)");
        ObjectMapper json = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        for (String overlay : OVERLAYS) {
            Process process = new ProcessBuilder("kubectl", "kustomize", KUBERNETES.resolve("overlays").resolve(overlay).toString())
                    .redirectErrorStream(false).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).as("kubectl kustomize " + overlay + ": " + errors).isZero();
            List<Map<String, Object>> byKustomize = new ArrayList<>();
            for (Object document : new Yaml().loadAll(output)) {
                if (document != null) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> resource = (Map<String, Object>) document;
                    byKustomize.add(resource);
                }
            }
            assertThat(canonical(json, byKustomize)).as(overlay + ": kubectl kustomize against the test's rendering")
                    .isEqualTo(canonical(json, rendered.get(overlay)));
        }
    }

    @Test
    void theRenderingRefusesWhatItDoesNotImplement() throws IOException {
        Path directory = Files.createTempDirectory("kustomization");
        Files.writeString(directory.resolve("kustomization.yaml"), "resources: []\nconfigMapGenerator: []\n");
        assertThatThrownBy(() -> Kustomization.render(directory)).hasMessageContaining("configMapGenerator");
        Files.writeString(directory.resolve("kustomization.yaml"), "resources: [a.yaml]\npatches: [{path: p.yaml}]\n");
        Files.writeString(directory.resolve("a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: '1'}\n");
        Files.writeString(directory.resolve("p.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {y: '2'}\n");
        assertThatThrownBy(() -> Kustomization.render(directory)).hasMessageContaining("matches no resource");
        Files.writeString(directory.resolve("p.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: null, y: '2'}\n");
        assertThat(map(Kustomization.render(directory).get(0), "data")).isEqualTo(Map.of("y", "2"));
    }

    /** Each resource as sorted JSON, lists of objects in a fixed order (Kustomize puts merged-in items first). */
    private static List<String> canonical(ObjectMapper json, List<Map<String, Object>> resources) throws Exception {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> resource : resources) {
            out.add(json.writeValueAsString(sortLists(json, resource)));
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static Object sortLists(ObjectMapper json, Object node) throws Exception {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sorted.put((String) e.getKey(), sortLists(json, e.getValue()));
            }
            return sorted;
        }
        if (node instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            for (Object item : list) {
                items.add(sortLists(json, item));
            }
            if (items.stream().allMatch(i -> i instanceof Map)) {
                items.sort(Comparator.comparing(i -> {
                    try {
                        return json.writeValueAsString(i);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            return items;
        }
        return node;
    }

    private static boolean onPath(String command) {
        return java.util.Arrays.stream(Objects.requireNonNullElse(System.getenv("PATH"), "").split(java.io.File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, command)));
    }

    private static Map<String, String> stringMap(Map<String, Object> map) {
        Map<String, String> strings = new TreeMap<>();
        map.forEach((k, v) -> strings.put(k, String.valueOf(v)));
        return strings;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }
}
