package shootdown.model;

import com.sun.source.tree.CatchTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnionTypeTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * The rules every engine relies on, checked on a variant file's source before it runs:
 *
 * <ol>
 *   <li><b>share nothing outside the machine</b>: no static field but constants (a mutable one
 *       would be seen by every CPU and survive from one run to the next; and Lincheck, which
 *       snapshots static fields between its runs, finds them by name in the tool's own classes, not
 *       in a variant file's);
 *   <li><b>never catch Error</b>: the explorer stops a CPU's code at its next step by throwing
 *       an Error through it;
 *   <li><b>deterministic given its steps' results</b>: no clock, random numbers, threads or
 *       identity hashes, whose values differ when the code runs again.
 * </ol>
 *
 * The same rules are checked again as the code runs ({@code explore.CpuResume} re-runs each CPU's
 * code and requires it to ask for the same steps), which also catches what a source check cannot
 * see, such as two CPUs sharing an object.
 */
final class ModelCodeRules {
    private static final Set<String> NONDETERMINISTIC_TYPES = Set.of("java.util.Random",
            "java.util.concurrent.ThreadLocalRandom", "java.security.SecureRandom", "java.lang.Thread",
            "java.time.Instant", "java.time.LocalDateTime", "java.time.Clock", "java.util.UUID");
    private static final Set<String> NONDETERMINISTIC_METHODS = Set.of("java.lang.System.nanoTime",
            "java.lang.System.currentTimeMillis", "java.lang.System.identityHashCode", "java.lang.Math.random",
            "java.lang.StrictMath.random");

    private ModelCodeRules() {
    }

    /** Every broken rule in {@code unit}, as {@code file:line: message}. */
    static List<String> check(CompilationUnitTree unit, Trees trees) {
        List<String> out = new ArrayList<>();
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitVariable(VariableTree node, Void unused) {
                Element field = trees.getElement(getCurrentPath());
                if (field instanceof VariableElement v && v.getKind() == ElementKind.FIELD
                        && v.getModifiers().contains(Modifier.STATIC) && v.getConstantValue() == null) {
                    report(node, "static field '" + node.getName() + "' is shared by every CPU and survives from one "
                            + "run to the next (rule: model code shares nothing outside the machine; a variant file "
                            + "keeps no static field but constants: keep state in fields of the kernel file, or on "
                            + "the machine)");
                }
                return super.visitVariable(node, unused);
            }

            @Override
            public Void visitCatch(CatchTree node, Void unused) {
                Tree type = node.getParameter().getType();
                List<? extends Tree> alternatives = type instanceof UnionTypeTree union ? union.getTypeAlternatives()
                        : List.of(type);
                for (Tree alternative : alternatives) {
                    TypeMirror caught = trees.getTypeMirror(new TreePath(getCurrentPath(), alternative));
                    if (catchesError(caught)) {
                        report(node, "catch (" + alternative + ") can catch an Error (rule: model code never catches "
                                + "Error: the explorer stops a CPU's code at its next step by throwing one)");
                    }
                }
                return super.visitCatch(node, unused);
            }

            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
                Element method = trees.getElement(getCurrentPath());
                if (method instanceof ExecutableElement e && e.getEnclosingElement() instanceof TypeElement owner) {
                    String name = owner.getQualifiedName() + "." + e.getSimpleName();
                    if (NONDETERMINISTIC_METHODS.contains(name) || NONDETERMINISTIC_TYPES.contains(owner.getQualifiedName().toString())) {
                        report(node, nondeterministic(name + "()"));
                    }
                }
                return super.visitMethodInvocation(node, unused);
            }

            @Override
            public Void visitNewClass(NewClassTree node, Void unused) {
                TypeMirror type = trees.getTypeMirror(getCurrentPath());
                if (type != null && NONDETERMINISTIC_TYPES.contains(erasure(type))) report(node, nondeterministic("new " + erasure(type)));
                return super.visitNewClass(node, unused);
            }

            private void report(Tree node, String message) {
                long position = trees.getSourcePositions().getStartPosition(unit, node);
                out.add(Path.of(unit.getSourceFile().toUri()) + ":" + unit.getLineMap().getLineNumber(position) + ": "
                        + message);
            }
        }.scan(unit, null);
        return out;
    }

    private static String nondeterministic(String what) {
        return what + " gives another value when the code runs again (rule: model code is deterministic given "
                + "its steps' results)";
    }

    /** Throwable, Error or a subclass of Error. */
    private static boolean catchesError(TypeMirror type) {
        if (type == null || type.getKind() != TypeKind.DECLARED) return false;
        for (TypeMirror t = type; t != null && t.getKind() == TypeKind.DECLARED; ) {
            String name = erasure(t);
            if (name.equals("java.lang.Error") || name.equals("java.lang.Throwable")) return true;
            TypeElement element = (TypeElement) ((DeclaredType) t).asElement();
            t = element.getSuperclass();
        }
        return false;
    }

    private static String erasure(TypeMirror type) {
        return type instanceof DeclaredType declared
                ? ((TypeElement) declared.asElement()).getQualifiedName().toString() : type.toString();
    }
}
