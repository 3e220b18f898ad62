package dev.sluice.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.OptBoolean;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PlanFields} says what the plan records' annotations say, and the records carry no annotation that would make
 * Jackson bind them otherwise than {@link RecordBinder} does (a creator, an access or default, another annotation).
 */
class PlanFieldsTest {
    private static final Set<Class<? extends Annotation>> UNDERSTOOD = Set.of(JsonProperty.class, JsonPropertyDescription.class);

    static List<Class<?>> records() {
        List<Class<?>> out = new ArrayList<>(List.of(MigrationPlan.class));
        for (Class<?> nested : MigrationPlan.class.getDeclaredClasses()) {
            if (nested.isRecord()) {
                out.add(nested);
            }
        }
        return out;
    }

    @Test
    void theTablesSayWhatTheAnnotationsSay() {
        int renamed = 0;
        int required = 0;
        for (Class<?> record : records()) {
            for (RecordComponent c : record.getRecordComponents()) {
                JsonProperty property = c.getAccessor().getAnnotation(JsonProperty.class);
                String name = property != null && !property.value().isEmpty() ? property.value() : c.getName();
                assertEquals(name, PlanFields.jsonName(record, c), record.getSimpleName() + "." + c.getName());
                assertEquals(property != null && property.required(), PlanFields.required(record, c), record.getSimpleName() + "." + c.getName());
                renamed += name.equals(c.getName()) ? 0 : 1;
                required += PlanFields.required(record, c) ? 1 : 0;
            }
        }
        assertTrue(records().size() > 10 && renamed == 1 && required > 10, records().size() + " records, " + renamed + " renamed, " + required + " required");
    }

    @Test
    void noAnnotationMakesJacksonBindAPlanRecordOtherwise() {
        for (Class<?> record : records()) {
            for (Annotation a : record.getAnnotations()) {
                assertEquals(JsonInclude.class, a.annotationType(), record.getName());
            }
            for (Constructor<?> c : record.getDeclaredConstructors()) {
                assertEquals(0, c.getAnnotations().length, "a creator on " + record.getName());
            }
            for (Method m : record.getDeclaredMethods()) {
                assertTrue(!Modifier.isStatic(m.getModifiers()) || m.getAnnotations().length == 0, "a factory " + m);
            }
            for (RecordComponent c : record.getRecordComponents()) {
                for (Annotation a : c.getAccessor().getAnnotations()) {
                    assertTrue(UNDERSTOOD.contains(a.annotationType()), a + " on " + record.getName() + "." + c.getName());
                    if (a instanceof JsonProperty p) {
                        assertTrue(p.access() == JsonProperty.Access.AUTO && p.isRequired() == OptBoolean.DEFAULT
                                && p.defaultValue().isEmpty(), p + " on " + record.getName() + "." + c.getName());
                    }
                }
            }
        }
    }
}
