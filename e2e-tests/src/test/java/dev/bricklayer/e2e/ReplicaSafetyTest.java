package dev.bricklayer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.CommandLineRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.MethodMetadata;
import org.springframework.core.type.classreading.SimpleMetadataReaderFactory;
import org.springframework.scheduling.annotation.Scheduled;

import dev.bricklayer.platform.run.PlatformJvms;
import dev.bricklayer.platform.run.PlatformSettings;
import dev.bricklayer.platform.run.ServiceSpec;

/**
 * The Kubernetes manifests run every service with two replicas or more, so nothing may assume it is the only
 * instance. Every piece of work a service starts on its own — an {@code @Scheduled} method, an
 * {@code ApplicationRunner} or {@code CommandLineRunner} bean run at start — is found in the services' boot jars
 * (their classes and common's) and must be in {@link #REVIEWED} with its verdict: coordinated through common's
 * {@code Leases} (checked: the class, or the class it hands the work to, uses them), safe per instance (why), or not
 * safe with several replicas yet (why; deploy/kubernetes/README.md lists them, to be fixed). A new one fails until it
 * is reviewed.
 */
class ReplicaSafetyTest {

    static final Path ROOT = DockerComposeTest.ROOT;
    static final String LEASES = "dev/bricklayer/common/work/Leases";

    enum Kind { LEASED, PER_INSTANCE_SAFE, NOT_SAFE_YET }

    /** @param leasedIn the class that takes the lease, when not the one declaring the method */
    record Verdict(Kind kind, String leasedIn, String why) {
        static Verdict leased(String why) {
            return new Verdict(Kind.LEASED, null, why);
        }

        static Verdict leasedIn(String className, String why) {
            return new Verdict(Kind.LEASED, className, why);
        }
    }

    static final Map<String, Verdict> REVIEWED = new LinkedHashMap<>();

    static {
        REVIEWED.put("dev.bricklayer.security.drift.DriftSchedule#tick",
                Verdict.leased("each workspace's drift pass runs on the instance taking drift:<workspace> once per interval"));
        REVIEWED.put("dev.bricklayer.token.sweep.SweepService#scheduledTick",
                Verdict.leased("the schedule's lease (acquireOncePer) starts one sweep per interval across instances"));
        REVIEWED.put("dev.bricklayer.token.sweep.SweepService#poll",
                Verdict.leased("a sweep's workspace is taken under sweep:<workspace>, kept while it runs, taken over when it expires"));
        REVIEWED.put("dev.bricklayer.identity.work.WorkspaceWork#dueWork",
                Verdict.leased("every work cycle runs under identity:<workspace>"));
        REVIEWED.put("dev.bricklayer.identity.work.WorkspaceWork#refreshTags",
                Verdict.leased("it wakes work cycles, which run under identity:<workspace>"));
        REVIEWED.put("dev.bricklayer.identity.IdentityServiceConfiguration#rulesInForce",
                Verdict.leasedIn("dev.bricklayer.identity.work.WorkspaceWork", "it wakes work cycles, which run under identity:<workspace>"));
        REVIEWED.put("dev.bricklayer.identity.federation.AccountWork#dueWork",
                Verdict.leasedIn("dev.bricklayer.identity.federation.AccountPeople", "account batches run under identity:account"));
        REVIEWED.put("dev.bricklayer.audit.publishing.AuditLogPublisher#sweep", new Verdict(Kind.PER_INSTANCE_SAFE, null,
                "sealing holds the chain head's row lock (one chain, sequences in commit order) and locks the pending calls it "
                        + "seals; republishing is at least once in sequence order, readers dedupe by sequence"));
        REVIEWED.put("dev.bricklayer.token.TokenServiceConfiguration#resumePolicies",
                Verdict.leasedIn("dev.bricklayer.token.policy.TokenPolicyApplier", "pending policies are written under "
                        + "policy:<workspace>, always the newest recorded (a version per policy; an older one's end is not recorded)"));
        REVIEWED.put("dev.bricklayer.token.policy.TokenPolicyApplier#resumePending",
                Verdict.leased("pending policies (waiting for another instance, or left by a stopped one) under policy:<workspace>"));
        REVIEWED.put("dev.bricklayer.security.config.SecurityServiceConfiguration#resumeReconciles",
                Verdict.leasedIn("dev.bricklayer.security.reconcile.WorkspacePasses", "every pass that writes (event, resumed, "
                        + "drift, REST) runs under security:<workspace>; a desired state received meanwhile stays PENDING"));
        REVIEWED.put("dev.bricklayer.security.reconcile.WorkspacePasses#dueWork",
                Verdict.leased("PENDING workspaces are reconciled under security:<workspace>"));
        REVIEWED.put("dev.bricklayer.workspace.config.WorkspaceServiceConfiguration#resumeDeployments",
                Verdict.leasedIn("dev.bricklayer.workspace.onboarding.Deployments", "each deployment is followed under "
                        + "deploy:<workspace>; one whose PUT may have been accepted is read from ARM, never PUT again"));
        REVIEWED.put("dev.bricklayer.workspace.onboarding.Deployments#resumeDue",
                Verdict.leased("deployments no instance follows are taken under deploy:<workspace> (a stopped instance's once "
                        + "its lease expired)"));
    }

    @Test
    void everyPieceOfWorkAServiceStartsByItselfIsReviewedForSeveralReplicas() {
        Map<String, byte[]> found = new TreeMap<>();
        Map<String, byte[]> classes = new TreeMap<>();
        for (ServiceSpec spec : ServiceSpec.all(PlatformSettings.defaults(ROOT))) {
            classes.putAll(classes(PlatformJvms.bootJar(ROOT, spec.name())));
        }
        SimpleMetadataReaderFactory reader = new SimpleMetadataReaderFactory();
        classes.forEach((name, bytes) -> {
            AnnotationMetadata metadata;
            try {
                metadata = reader.getMetadataReader(new ByteArrayResource(bytes, name)).getAnnotationMetadata();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (MethodMetadata method : metadata.getAnnotatedMethods(Scheduled.class.getName())) {
                found.put(name + "#" + method.getMethodName(), bytes);
            }
            for (MethodMetadata method : metadata.getAnnotatedMethods(Bean.class.getName())) {
                if (method.getReturnTypeName().equals(ApplicationRunner.class.getName())
                        || method.getReturnTypeName().equals(CommandLineRunner.class.getName())) {
                    found.put(name + "#" + method.getMethodName(), bytes);
                }
            }
        });

        assertThat(found.keySet()).as("work the services start by themselves, each reviewed for several replicas")
                .containsExactlyInAnyOrderElementsOf(REVIEWED.keySet());
        REVIEWED.forEach((entry, verdict) -> {
            if (verdict.kind() == Kind.LEASED) {
                byte[] leaseTaker = verdict.leasedIn() == null ? found.get(entry) : classes.get(verdict.leasedIn());
                assertThat(leaseTaker).as(entry + ": " + verdict.leasedIn()).isNotNull();
                assertThat(new String(leaseTaker, StandardCharsets.ISO_8859_1)).as(entry + " is lease-guarded: " + verdict.why()).contains(LEASES);
            }
        });
    }

    /** The service's own classes and common's, by class name. */
    private static Map<String, byte[]> classes(Path bootJar) {
        Map<String, byte[]> classes = new TreeMap<>();
        try (ZipFile jar = new ZipFile(bootJar.toFile())) {
            Enumeration<? extends ZipEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.startsWith("BOOT-INF/classes/") && name.endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        classes.put(className(name.substring("BOOT-INF/classes/".length())), in.readAllBytes());
                    }
                } else if (name.matches("BOOT-INF/lib/common-[^/]*\\.jar")) {
                    try (ZipInputStream library = new ZipInputStream(jar.getInputStream(entry))) {
                        for (ZipEntry inner; (inner = library.getNextEntry()) != null; ) {
                            if (inner.getName().endsWith(".class")) {
                                classes.put(className(inner.getName()), library.readAllBytes());
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return classes;
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }
}
