package kaoping.web;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Set;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.CollectionType;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * JSON is read as the contract says: a number is not a string, a string is not a number, and decimals are read
 * exactly (merge patches are read as trees, where a double would already have lost the exact value), and a list or
 * map never holds null. Decimals are written plainly, in their shortest form (a score rounded to 1.70 is 1.7 wherever it is
 * read, as in the formulas). What no field can hold is refused where it is read, naming the
 * field: a decimal too large or too fine to compute with (1E+2147483647 would make every calculation fail), and the
 * NUL character, which PostgreSQL refuses in text.
 */
@Singleton
public class JsonStrictness implements ObjectMapperCustomizer {
    /** Digits a decimal may have before, and after, its point. */
    static final int MAX_DIGITS = 30;

    /** A value read from JSON that no field takes, with the reason (ProblemMappers names the field). */
    static final class Refused extends InvalidFormatException {
        final String reason;

        Refused(JsonParser parser, Object value, Class<?> type, String reason) {
            super(parser, reason, value, type);
            this.reason = reason;
        }
    }

    /**
     * An array the contract declares uniqueItems, which the generated models read into a Set: an item that repeats is
     * refused, naming the field, instead of being dropped without a word.
     */
    static final class NoRepeats extends DelegatingDeserializer {
        NoRepeats(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new NoRepeats(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.isExpectedStartArrayToken()) {
                return super.deserialize(p, ctxt);
            }
            JsonNode items = ctxt.readTree(p);
            try (JsonParser again = items.traverse(p.getCodec())) {
                again.nextToken();
                Object read = _delegatee.deserialize(again, ctxt);
                if (read instanceof Collection<?> set && set.size() < items.size()) {
                    throw new Refused(p, items.toString(), Set.class, "must not repeat an item");
                }
                return read;
            }
        }
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("kaoping-strictness")
                .addDeserializer(BigDecimal.class, new NumberDeserializers.BigDecimalDeserializer() {
                    @Override
                    public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                        BigDecimal value = super.deserialize(p, ctxt);
                        if (value != null && (value.scale() > MAX_DIGITS || (long) value.precision() - value.scale() > MAX_DIGITS)) {
                            throw new Refused(p, value, BigDecimal.class, "out of range: at most " + MAX_DIGITS
                                    + " digits before and after the decimal point");
                        }
                        return value;
                    }
                })
                .setDeserializerModifier(new BeanDeserializerModifier() {
                    @Override
                    public JsonDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config, CollectionType type,
                                                                            BeanDescription description, JsonDeserializer<?> deserializer) {
                        return Set.class.isAssignableFrom(type.getRawClass()) ? new NoRepeats(deserializer) : deserializer;
                    }
                })
                .addSerializer(BigDecimal.class, new StdSerializer<>(BigDecimal.class) {
                    // one text per number, whatever scale it was computed or stored with: 2.00, 2.0 and 2 go out as 2
                    @Override
                    public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                        gen.writeNumber(value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros());
                    }
                })
                .addDeserializer(String.class, new StringDeserializer() {
                    @Override
                    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                        String value = super.deserialize(p, ctxt);
                        if (value != null && value.indexOf(0) >= 0) {
                            throw new Refused(p, value, String.class, "must not contain the NUL character (\\u0000)");
                        }
                        return value;
                    }
                }));
        mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        // 40 stripped of its zeros goes out as 40, never as 4E+1
        mapper.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        // no array item or map value of the contract may be null ("assessorScores": [null] is not a list of numbers)
        mapper.setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
    }
}
