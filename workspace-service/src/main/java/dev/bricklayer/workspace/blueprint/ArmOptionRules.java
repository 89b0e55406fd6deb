package dev.bricklayer.workspace.blueprint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.bricklayer.common.files.FileProblem;
import dev.bricklayer.workspace.arm.ArmOptions;

/**
 * The rules of a blueprint's {@code arm} options, as ARM keeps them at api-version 2026-01-01 (reference §7.9): a compute
 * mode whenever an option is set (it is "Required on create"), none of the Hybrid-only properties in a Serverless
 * workspace, compliance standards only with the compliance security profile, no {@code PCI_DSS} in a Serverless workspace
 * ("Azure Databricks does not allow starting serverless compute resources when PCI-DSS is enabled"). What depends on the
 * request (its network, its pricing tier) is the request's rule.
 */
final class ArmOptionRules {

    /** Properties Azure allows only in a Hybrid workspace that a blueprint can set ("Not allowed in Serverless ComputeMode workspace"). */
    private static final Map<String, Function<ArmOptions, Object>> HYBRID_ONLY = Map.of("requiredNsgRules", ArmOptions::requiredNsgRules);
    private static final String PCI_DSS = "PCI_DSS";

    private ArmOptionRules() {
    }

    /** Every problem of {@code options}; paths are JSON pointers below {@code base}. */
    static List<FileProblem> check(String file, String base, ArmOptions options) {
        List<FileProblem> problems = new ArrayList<>();
        if (options.any() && options.computeMode() == null) {
            problems.add(new FileProblem(file, base + "/computeMode", "required", "computeMode (Hybrid or Serverless) is required: "
                    + "the arm options are those of api-version " + ArmOptions.API_VERSION + ", where Azure requires it on create"));
        }
        if (options.serverless()) {
            HYBRID_ONLY.forEach((property, value) -> {
                if (value.apply(options) != null) {
                    problems.add(new FileProblem(file, base + "/" + property, "hybrid-only", property + " is not allowed in a "
                            + "Serverless workspace (Azure: \"Not allowed in Serverless ComputeMode workspace\")"));
                }
            });
        }
        ArmOptions.Compliance compliance = options.enhancedSecurityCompliance();
        if (compliance == null) {
            return problems;
        }
        String at = base + "/enhancedSecurityCompliance/complianceStandards";
        if (!compliance.complianceStandards().isEmpty() && !compliance.complianceSecurityProfile()) {
            problems.add(new FileProblem(file, at, "compliance-profile", "compliance standards are configured on the compliance "
                    + "security profile: set complianceSecurityProfile: true"));
        }
        Set<String> standards = new HashSet<>();
        for (int i = 0; i < compliance.complianceStandards().size(); i++) {
            String standard = compliance.complianceStandards().get(i);
            if (standard == null || standard.isBlank()) {
                problems.add(new FileProblem(file, at + "/" + i, "required", "a compliance standard is named, e.g. HIPAA or PCI_DSS"));
            } else if (!standards.add(standard.toUpperCase(Locale.ROOT))) {
                problems.add(new FileProblem(file, at + "/" + i, "unique", "compliance standard " + standard + " is already listed"));
            } else if (options.serverless() && PCI_DSS.equalsIgnoreCase(standard)) {
                problems.add(new FileProblem(file, at + "/" + i, "serverless-pci-dss", "Azure Databricks does not start serverless "
                        + "compute when PCI-DSS is enabled: a Serverless workspace with it could run nothing"));
            }
        }
        return problems;
    }
}
