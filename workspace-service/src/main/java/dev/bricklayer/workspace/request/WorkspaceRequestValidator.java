package dev.bricklayer.workspace.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.bricklayer.common.events.FieldError;
import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.IdentityScope;
import dev.bricklayer.common.events.workspace.NetworkSpec;
import dev.bricklayer.common.events.workspace.PricingTier;
import dev.bricklayer.common.events.workspace.Subnet;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.files.InvalidFilesException;
import dev.bricklayer.common.messaging.UnprocessableEventException;
import dev.bricklayer.workspace.arm.ArmOptions;
import dev.bricklayer.workspace.blueprint.Blueprint;
import dev.bricklayer.workspace.blueprint.BlueprintCatalog;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/**
 * Checks a workspace request before anything is deployed, and resolves its desired state. Every error names
 * the field (a JSON pointer into the request) and the rule: Azure's naming rules, a region where workspaces may be
 * requested ({@link AzureRegions}), CIDRs that parse, subnets
 * inside the VNet and apart from each other and of a size Azure Databricks accepts (no network at all for a Serverless
 * workspace), a known blueprint, overrides that keep the blueprint rules, IP access lists, the compliance add-on and Unity
 * Catalog (the account scope) only on {@code premium}, Azure's tag limits.
 */
public final class WorkspaceRequestValidator {

    private static final Pattern WORKSPACE_NAME = Pattern.compile("^[a-zA-Z0-9_-]{3,64}$");
    private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern RESOURCE_GROUP = Pattern.compile("^[-\\w._()]{1,90}$");
    private static final Pattern REGION = Pattern.compile("^[a-z][a-z0-9]{2,39}$");
    private static final Pattern NETWORK_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_]$");
    private static final Pattern TAG_KEY_FORBIDDEN = Pattern.compile("[<>%&\\\\?/]");

    private final BlueprintCatalog blueprints;
    private final AzureRegions regions;

    /** Requests for the regions of Azure Databricks ({@link AzureRegions#DATABRICKS}). */
    public WorkspaceRequestValidator(BlueprintCatalog blueprints) {
        this(blueprints, AzureRegions.databricks());
    }

    public WorkspaceRequestValidator(BlueprintCatalog blueprints, AzureRegions regions) {
        this.blueprints = blueprints;
        this.regions = regions;
    }

    /** The outcome: the errors, or the blueprint and the desired state and ARM options resolved from it. */
    public record Result(List<FieldError> errors, Blueprint blueprint, DesiredState desiredState, ArmOptions arm) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * The request's blueprint and resolved desired state, when it keeps every rule.
     *
     * @throws UnprocessableEventException (reason {@code rules}) naming every field and rule it breaks
     */
    public Result require(WorkspaceRequested request) {
        Result result = validate(request);
        if (!result.valid()) {
            throw new UnprocessableEventException("rules", result.errors());
        }
        return result;
    }

    public Result validate(WorkspaceRequested request) {
        List<FieldError> errors = new ArrayList<>();
        check(errors, request.workspaceName() != null && WORKSPACE_NAME.matcher(request.workspaceName()).matches(),
                "/workspaceName", "pattern", "3 to 64 letters, digits, '_' or '-' (Azure's rule for Databricks workspaces)");
        check(errors, request.subscriptionId() != null && GUID.matcher(request.subscriptionId()).matches(),
                "/subscriptionId", "guid", "the subscription id is a GUID");
        check(errors, request.resourceGroup() != null && RESOURCE_GROUP.matcher(request.resourceGroup()).matches()
                        && !request.resourceGroup().endsWith("."),
                "/resourceGroup", "pattern", "1 to 90 letters, digits, '_', '-', '.', '(' or ')', not ending in '.'");
        if (request.region() == null || !REGION.matcher(request.region()).matches()) {
            errors.add(new FieldError("/region", "pattern", "an Azure region name such as westeurope"));
        } else {
            regions.check(request.region()).ifPresent(errors::add);
        }
        check(errors, request.pricingTier() != null, "/pricingTier", "required", "premium, standard or trial");
        check(errors, request.requestedBy() != null && !request.requestedBy().isBlank(), "/requestedBy", "required",
                "who asked for the workspace");
        checkTags(errors, request.tags());
        Blueprint blueprint = null;
        BlueprintCatalog.Resolution resolved = null;
        if (request.blueprint() == null || request.blueprint().name() == null) {
            errors.add(new FieldError("/blueprint/name", "required", "a blueprint is required"));
        } else {
            Optional<Blueprint> found = blueprints.find(request.blueprint().name(), request.blueprint().version());
            if (found.isEmpty()) {
                errors.add(new FieldError("/blueprint", "known", "no blueprint " + request.blueprint().name()
                        + (request.blueprint().version() != null ? " version " + request.blueprint().version() : "")));
            } else {
                blueprint = found.get();
                try {
                    resolved = blueprints.resolveAll(blueprint, request.overrides());
                } catch (InvalidFilesException invalid) {
                    invalid.problems().forEach(p -> errors.add(new FieldError("/overrides" + p.path(), p.rule(), p.message())));
                }
            }
        }
        ArmOptions arm = resolved == null ? ArmOptions.NONE : resolved.arm();
        if (arm.serverless()) {
            check(errors, request.network() == null, "/network", "serverless-network", "a Serverless workspace has no VNet "
                    + "injection (Azure: custom parameters are \"Not allowed in Serverless ComputeMode workspace\"); the blueprint "
                    + blueprint.reference() + " asks for computeMode Serverless");
        } else if (request.network() == null) {
            errors.add(new FieldError("/network", "required", "the VNet-injection network is required"));
        } else {
            checkNetwork(errors, request.network());
        }
        if (resolved != null && request.pricingTier() != null && request.pricingTier() != PricingTier.PREMIUM) {
            checkPremiumOnly(errors, blueprint, resolved);
        }
        boolean valid = errors.isEmpty();
        return new Result(List.copyOf(errors), valid ? blueprint : null, valid ? resolved.desiredState() : null, valid ? arm : null);
    }

    /** What only the premium tier has: IP access lists, the compliance add-on, Unity Catalog (and so the account scope). */
    private static void checkPremiumOnly(List<FieldError> errors, Blueprint blueprint, BlueprintCatalog.Resolution resolved) {
        DesiredState state = resolved.desiredState();
        if (!state.ipAccessLists().isEmpty()) {
            errors.add(new FieldError("/pricingTier", "premium-for-ip-access-lists", "IP access lists need the premium tier; the "
                    + "blueprint " + blueprint.reference() + " declares " + state.ipAccessLists().size()));
        }
        if (resolved.arm().enhancedSecurityCompliance() != null) {
            errors.add(new FieldError("/pricingTier", "premium-for-compliance", "the Enhanced Security and Compliance add-on "
                    + "needs the premium tier; the blueprint " + blueprint.reference() + " configures it"));
        }
        if (state.identityScope() == IdentityScope.ACCOUNT || state.unityCatalog() != null) {
            errors.add(new FieldError("/pricingTier", "premium-for-unity-catalog", "Unity Catalog (and with it the account "
                    + "identity scope) needs the premium tier (\"Unity Catalog is not available for feature tier STANDARD_TIER\"); "
                    + "the blueprint " + blueprint.reference() + " uses " + (state.unityCatalog() != null ? "Unity Catalog"
                    : "the account identity scope")));
        }
    }

    private static void checkNetwork(List<FieldError> errors, NetworkSpec network) {
        check(errors, network.vnetName() != null && NETWORK_NAME.matcher(network.vnetName()).matches(), "/network/vnetName",
                "pattern", "2 to 80 letters, digits, '_', '.', '-'; starts with a letter or digit");
        check(errors, network.nsgName() != null && NETWORK_NAME.matcher(network.nsgName()).matches(), "/network/nsgName",
                "pattern", "2 to 80 letters, digits, '_', '.', '-'; starts with a letter or digit");
        IPAddress vnet = cidr(errors, "/network/vnetCidr", network.vnetCidr());
        if (vnet != null && (vnet.getNetworkPrefixLength() < 16 || vnet.getNetworkPrefixLength() > 24)) {
            errors.add(new FieldError("/network/vnetCidr", "prefix-16-24", "Azure Databricks needs a VNet between /16 and /24, not /"
                    + vnet.getNetworkPrefixLength()));
        }
        IPAddress publicSubnet = subnet(errors, "/network/publicSubnet", network.publicSubnet(), vnet);
        IPAddress privateSubnet = subnet(errors, "/network/privateSubnet", network.privateSubnet(), vnet);
        if (publicSubnet != null && privateSubnet != null && publicSubnet.overlaps(privateSubnet)) {
            errors.add(new FieldError("/network/privateSubnet/cidr", "no-overlap", "the private subnet overlaps the public subnet"));
        }
        if (network.publicSubnet() != null && network.privateSubnet() != null && network.publicSubnet().name() != null
                && network.publicSubnet().name().equals(network.privateSubnet().name())) {
            errors.add(new FieldError("/network/privateSubnet/name", "unique", "the two subnets need different names"));
        }
    }

    private static IPAddress subnet(List<FieldError> errors, String at, Subnet subnet, IPAddress vnet) {
        if (subnet == null) {
            errors.add(new FieldError(at, "required", "the subnet is required"));
            return null;
        }
        check(errors, subnet.name() != null && NETWORK_NAME.matcher(subnet.name()).matches(), at + "/name", "pattern",
                "2 to 80 letters, digits, '_', '.', '-'");
        IPAddress block = cidr(errors, at + "/cidr", subnet.cidr());
        if (block == null) {
            return null;
        }
        if (block.getNetworkPrefixLength() > 26) {
            errors.add(new FieldError(at + "/cidr", "prefix-at-most-26", "Azure Databricks subnets need at least a /26, not /"
                    + block.getNetworkPrefixLength()));
        }
        if (vnet != null && !vnet.contains(block)) {
            errors.add(new FieldError(at + "/cidr", "inside-vnet", subnet.cidr() + " is not inside the VNet " + vnet));
        }
        return block;
    }

    private static IPAddress cidr(List<FieldError> errors, String at, String text) {
        IPAddress address = text == null ? null : new IPAddressString(text.trim()).getAddress();
        if (address == null || !address.isIPv4() || address.getNetworkPrefixLength() == null) {
            errors.add(new FieldError(at, "ipv4-cidr", "'" + text + "' is not an IPv4 CIDR block such as 10.139.0.0/16"));
            return null;
        }
        if (!address.equals(address.toPrefixBlock())) {
            errors.add(new FieldError(at, "network-address", text + " has host bits set; did you mean " + address.toPrefixBlock() + "?"));
            return null;
        }
        return address;
    }

    private static void checkTags(List<FieldError> errors, Map<String, String> tags) {
        if (tags == null) {
            return;
        }
        if (tags.size() > 50) {
            errors.add(new FieldError("/tags", "max-50", "Azure allows at most 50 tags on a resource"));
        }
        tags.forEach((key, value) -> {
            String at = "/tags/" + key.replace("~", "~0").replace("/", "~1");
            if (key.isEmpty() || key.length() > 512 || TAG_KEY_FORBIDDEN.matcher(key).find()) {
                errors.add(new FieldError(at, "tag-name", "tag names have 1 to 512 characters and none of < > % & \\ ? /"));
            }
            if (value != null && value.length() > 256) {
                errors.add(new FieldError(at, "tag-value", "tag values have at most 256 characters"));
            }
        });
    }

    private static void check(List<FieldError> errors, boolean ok, String field, String rule, String message) {
        if (!ok) {
            errors.add(new FieldError(field, rule, message));
        }
    }
}
