package shootdown.model;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.Trees;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.HashMap;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * A user's variant: one Java source file anywhere on disk whose classes extend kernel files of
 * a model ({@code class LocalSplitFlush extends SetMemory}) and override the functions a patch
 * changes. It is compiled at run time against the tool's own classes (no build step), checked
 * against the rules model code keeps ({@link ModelCodeRules}), and loaded as a {@link Variant}
 * on top of a built-in one. Its name is the public class's; its title the first sentence of
 * that class's comment.
 */
public final class VariantFile {
    private VariantFile() {
    }

    /** Compile errors and broken rules, as {@code file:line: message} lines. */
    public static final class Rejected extends IllegalArgumentException {
        public Rejected(String lines) {
            super(lines);
        }
    }

    /**
     * Compiles {@code file} and returns {@code base} with the file's classes in place of the
     * kernel files they extend.
     *
     * @throws Rejected with the compiler's or the rules' {@code file:line} messages
     * @throws IllegalArgumentException if the file does not exist or extends no kernel file
     */
    public static Variant load(Path file, Variant base) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such variant file: " + file);
        Compiled compiled = compile(file);
        try {
            return variant(file, base, loadAll(file, compiled.classes()), compiled.titles());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(file + ": could not load its classes: " + e, e);
        }
    }

    private record Compiled(Path classes, Map<String, String> titles) {
    }

    private static Compiled compile(Path file) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("this Java runtime has no compiler (a JDK is needed)");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            Path out = Files.createTempDirectory("shootdown-variant-");
            out.toFile().deleteOnExit();
            List<String> options = List.of("-classpath", toolClasspath(), "-d", out.toString(), "-proc:none",
                    "-parameters", "-Xlint:none", "-g");
            JavacTask task = (JavacTask) javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjects(file.toFile()));
            Iterable<? extends CompilationUnitTree> units = task.parse();
            if (hasErrors(diagnostics)) throw new Rejected(format(diagnostics));
            Iterable<? extends Element> analysed = task.analyze();
            if (hasErrors(diagnostics)) throw new Rejected(format(diagnostics));
            List<String> broken = new ArrayList<>();
            for (CompilationUnitTree unit : units) broken.addAll(ModelCodeRules.check(unit, Trees.instance(task)));
            if (!broken.isEmpty()) throw new Rejected(String.join("\n", broken));
            Map<String, String> titles = titles(task, analysed);
            task.generate();
            if (hasErrors(diagnostics)) throw new Rejected(format(diagnostics));
            return new Compiled(out, titles);
        } catch (IOException e) {
            throw new IllegalStateException("could not compile " + file + ": " + e.getMessage(), e);
        }
    }

    /** The tool's classes and libraries, whichever way this JVM was started. */
    private static String toolClasspath() {
        List<String> entries = new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        try {
            entries.add(Path.of(KernelCode.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (Exception e) {
            // the class path alone must do
        }
        return String.join(File.pathSeparator, entries);
    }

    private static List<Class<?>> loadAll(Path source, Path classes) throws ReflectiveOperationException {
        URLClassLoader loader;
        try {
            loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, KernelCode.class.getClassLoader());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<Class<?>> out = new ArrayList<>();
        try (var paths = Files.walk(classes)) {
            for (Path p : paths.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String name = classes.relativize(p).toString().replace(File.separatorChar, '.');
                out.add(loader.loadClass(name.substring(0, name.length() - ".class".length())));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not read the classes compiled from " + source, e);
        }
        return out;
    }

    private static Variant variant(Path file, Variant base, List<Class<?>> classes, Map<String, String> titles)
            throws ReflectiveOperationException {
        Model model = base.model();
        Map<Class<? extends KernelCode>, Supplier<? extends KernelCode>> files = new LinkedHashMap<>(base.files());
        Class<?> main = null;
        for (Class<?> c : classes) {
            Class<? extends KernelCode> kernelFile = kernelFileOf(model, c);
            if (kernelFile == null || Modifier.isAbstract(c.getModifiers()) || c.isAnonymousClass()) continue;
            if (main == null || Modifier.isPublic(c.getModifiers()) && c.getEnclosingClass() == null) main = c;
            Constructor<?> constructor = c.getDeclaredConstructor();
            constructor.setAccessible(true);
            files.put(kernelFile, () -> newInstance(kernelFile, constructor));
        }
        if (main == null) {
            throw new IllegalArgumentException(file + ": no class extends a kernel file of " + model.name() + " ("
                    + String.join(", ", model.kernelFiles().keySet().stream().map(Class::getSimpleName).sorted().toList())
                    + ")");
        }
        String title = titles.getOrDefault(main.getName(), "variant file " + file.getFileName());
        return new Variant(model, main.getSimpleName(), title, "", file.toAbsolutePath(), base.name(), files);
    }

    /** The model's kernel file {@code c} extends, or null. */
    private static Class<? extends KernelCode> kernelFileOf(Model model, Class<?> c) {
        for (Class<?> up = c; up != null; up = up.getSuperclass()) {
            for (Class<? extends KernelCode> file : model.kernelFiles().keySet()) if (up == file) return file;
        }
        return null;
    }

    private static <T extends KernelCode> T newInstance(Class<T> file, Constructor<?> constructor) {
        try {
            return file.cast(constructor.newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not make a " + constructor.getDeclaringClass().getSimpleName(), e);
        }
    }

    private static boolean hasErrors(DiagnosticCollector<JavaFileObject> diagnostics) {
        return diagnostics.getDiagnostics().stream().anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
    }

    private static String format(DiagnosticCollector<JavaFileObject> diagnostics) {
        List<String> lines = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) continue;
            String where = d.getSource() == null ? "" : Path.of(d.getSource().toUri()) + ":" + d.getLineNumber() + ": ";
            lines.add(where + "error: " + d.getMessage(Locale.ROOT));
        }
        return String.join("\n", lines);
    }

    /** The first sentence of the comment on each class of the file, by binary name. */
    private static Map<String, String> titles(JavacTask task, Iterable<? extends Element> elements) {
        Map<String, String> out = new HashMap<>();
        for (Element e : elements) {
            if (!(e instanceof TypeElement type)) continue;
            String doc = task.getElements().getDocComment(type);
            if (doc != null) {
                String text = doc.strip().replaceAll("\\s+", " ");
                int end = text.indexOf(". ");
                out.put(task.getElements().getBinaryName(type).toString(), end < 0 ? text : text.substring(0, end + 1));
            }
            titles(task, type.getEnclosedElements()).forEach(out::putIfAbsent);
        }
        return out;
    }
}
