package shootdown.machine;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which step a CPU's code asked for, as a number: the step's kind and its arguments. Model code
 * is deterministic given its steps' results, so when an engine runs a CPU's code again with the
 * same results, it must ask for the same steps in the same order: engines compare signatures to
 * hold the code to that. A step of a model's own ({@link Cpu#step}) is known by its lambda (one
 * class per place in the source) and the values it captured; objects of the model's code count by
 * their class only, since a run on a fresh instance has fresh ones.
 */
public final class StepSignature {
    private static final ClassValue<Field[]> CAPTURED = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Field f : type.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) continue;
                if (f.trySetAccessible()) fields.add(f);
            }
            return fields.toArray(new Field[0]);
        }
    };

    private StepSignature() {
    }

    /** A step of the machine's own API, e.g. {@code of("set_pte_atomic", kpte, value, page)}. */
    public static long of(String name, Object... args) {
        long h = name.hashCode();
        for (Object arg : args) h = mix(h, value(arg, 0));
        return h;
    }

    /** A step of a model's own: its body's class, and what the body captured. */
    public static long ofBody(Object body) {
        long h = body.getClass().getName().hashCode(); // one lambda class per place in the source
        for (Field f : CAPTURED.get(body.getClass())) {
            try {
                h = mix(h, value(f.get(body), 0));
            } catch (IllegalAccessException e) {
                h = mix(h, f.getName().hashCode());
            }
        }
        return h;
    }

    private static long value(Object v, int depth) {
        if (v == null) return 0x9E37L;
        if (depth > 4) return v.getClass().getName().hashCode();
        if (v instanceof Number || v instanceof Boolean || v instanceof Character || v instanceof String) {
            return v.hashCode() * 0x100000001b3L + v.getClass().getName().hashCode();
        }
        if (v instanceof Enum<?> e) return e.getDeclaringClass().getName().hashCode() * 31L + e.name().hashCode();
        if (v instanceof long[] a) return Arrays.hashCode(a);
        if (v instanceof int[] a) return Arrays.hashCode(a);
        if (v instanceof boolean[] a) return Arrays.hashCode(a);
        if (v instanceof Object[] a) {
            long h = a.length;
            for (Object o : a) h = mix(h, value(o, depth + 1));
            return h;
        }
        if (v instanceof java.util.Collection<?> c) {
            long h = c.size();
            for (Object o : c) h = mix(h, value(o, depth + 1));
            return h;
        }
        if (v instanceof java.util.BitSet b) return b.hashCode();
        if (v instanceof Record r) {
            long h = r.getClass().getName().hashCode();
            for (var component : r.getClass().getRecordComponents()) {
                try {
                    component.getAccessor().setAccessible(true);
                    h = mix(h, value(component.getAccessor().invoke(r), depth + 1));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    h = mix(h, component.getName().hashCode());
                }
            }
            return h;
        }
        return v.getClass().getName().hashCode(); // the model's own objects: fresh on every run
    }

    private static long mix(long h, long v) {
        long x = (h ^ v) * 0x9E3779B97F4A7C15L;
        return x ^ (x >>> 31);
    }
}
