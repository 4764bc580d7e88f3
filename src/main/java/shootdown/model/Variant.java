package shootdown.model;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A variant of a model: which version of each kernel file its CPUs run. A built-in variant is a
 * subclass in the model's package (e.g. {@code NoCpaLock extends SetMemory}); a user's variant
 * is a subclass compiled from a file of theirs ({@link VariantFile}). Files a variant does not
 * replace run as the model's mainline version.
 *
 * @param model  the model it is a variant of
 * @param name   as the command line and catalogues name it
 * @param title  one line: what it changes
 * @param cites  the commit, patch or thread it follows, or "" for none
 * @param source the user's file it was compiled from, or null for a built-in variant
 * @param base   for a user's variant, the built-in variant it was loaded over; else null
 */
public record Variant(Model model, String name, String title, String cites, Path source, String base,
                      Map<Class<? extends KernelCode>, Supplier<? extends KernelCode>> files) {
    public Variant {
        files = Map.copyOf(files);
    }

    /** A built-in variant replacing {@code file} with {@code version}. */
    public static <T extends KernelCode> Variant of(Model model, String name, String title, String cites,
                                                    Class<T> file, Supplier<? extends T> version) {
        return new Variant(model, name, title, cites, null, null, Map.of(file, version));
    }

    /** The model's mainline variant: every file as the model has it. */
    public static Variant mainline(Model model, String name, String title, String cites) {
        return new Variant(model, name, title, cites, null, null, Map.of());
    }

    /** This variant with {@code file} replaced too, under a new name. */
    public <T extends KernelCode> Variant with(String newName, String newTitle, Class<T> file,
                                               Supplier<? extends T> version) {
        Map<Class<? extends KernelCode>, Supplier<? extends KernelCode>> out = new LinkedHashMap<>(files);
        out.put(file, version);
        return new Variant(model, newName, newTitle, cites, source, base, out);
    }

    /** The same variant with {@code file} replaced as well (a change to two kernel files). */
    public <T extends KernelCode> Variant also(Class<T> file, Supplier<? extends T> version) {
        Map<Class<? extends KernelCode>, Supplier<? extends KernelCode>> out = new LinkedHashMap<>(files);
        out.put(file, version);
        return new Variant(model, name, title, cites, source, base, out);
    }

    /** This variant's version of {@code file}, fresh for one CPU. */
    <T extends KernelCode> T instantiate(Class<T> file) {
        Supplier<? extends KernelCode> version = files.get(file);
        return file.cast(version != null ? version.get() : model.mainlineFile(file));
    }

    public boolean builtIn() {
        return source == null;
    }

    @Override
    public String toString() {
        return name;
    }
}
