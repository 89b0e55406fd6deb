package dev.bricklayer.common.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The YAML files of a folder ({@code *.yaml}, {@code *.yml}, in name order), read as trees for a catalog to check
 * and bind: access rules, blueprints. A missing folder or one that cannot be listed is refused at once; a file that
 * is not YAML is a {@code yaml} problem and the others are still read, so that one start-up names every problem.
 */
public final class YamlFolder {

    /** One file: its name, its bytes and its tree. */
    public record YamlFile(String name, byte[] content, JsonNode tree) {
    }

    /** The files read, and the problems of those that could not be. */
    public record Contents(List<YamlFile> files, List<FileProblem> problems) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private YamlFolder() {
    }

    /**
     * @param folder  the folder
     * @param what    what the files are, for the refusal ({@code access rules})
     * @param setting the configuration key naming the folder, for the refusal when it does not exist
     * @throws InvalidFilesException when the folder does not exist or cannot be listed
     */
    public static Contents read(Path folder, String what, String setting) {
        if (!Files.isDirectory(folder)) {
            throw new InvalidFilesException(what, List.of(new FileProblem(folder.toString(), "", "folder",
                    "the " + what + " folder does not exist (" + setting + ")")));
        }
        List<Path> paths;
        try (Stream<Path> listing = Files.list(folder)) {
            paths = listing.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted(Comparator.naturalOrder()).toList();
        } catch (IOException e) {
            throw new InvalidFilesException(what, List.of(new FileProblem(folder.toString(), "", "read", String.valueOf(e.getMessage()))));
        }
        List<YamlFile> files = new ArrayList<>();
        List<FileProblem> problems = new ArrayList<>();
        for (Path path : paths) {
            String name = path.getFileName().toString();
            try {
                byte[] content = Files.readAllBytes(path);
                files.add(new YamlFile(name, content, YAML.readTree(content)));
            } catch (IOException e) {
                problems.add(new FileProblem(name, "", "yaml", "not valid YAML: "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
            }
        }
        return new Contents(List.copyOf(files), problems);
    }
}
