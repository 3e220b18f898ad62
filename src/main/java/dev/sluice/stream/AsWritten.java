package dev.sluice.stream;

/**
 * Nodes for plain scalars that kubectl reads as booleans or numbers, which also keep the text as it was
 * written: the tree holds kubectl's meaning, and readers that want text (a plan's command or env values)
 * take the text ({@link KubectlScalars#asWritten}). They equal the ordinary nodes of the same value.
 */
final class AsWritten {
    private AsWritten() {
    }

    /** A node that remembers its text. */
    interface Scalar {
        String text();
    }

    static final class Boolean extends com.fasterxml.jackson.databind.node.BooleanNode implements Scalar {
        private static final long serialVersionUID = 1L;
        private final String text;

        Boolean(boolean value, String text) {
            super(value);
            this.text = text;
        }

        @Override
        public String text() {
            return text;
        }
    }

    static final class Int extends com.fasterxml.jackson.databind.node.IntNode implements Scalar {
        private static final long serialVersionUID = 1L;
        private final String text;

        Int(int value, String text) {
            super(value);
            this.text = text;
        }

        @Override
        public String text() {
            return text;
        }
    }

    static final class Long extends com.fasterxml.jackson.databind.node.LongNode implements Scalar {
        private static final long serialVersionUID = 1L;
        private final String text;

        Long(long value, String text) {
            super(value);
            this.text = text;
        }

        @Override
        public String text() {
            return text;
        }
    }

    static final class BigInteger extends com.fasterxml.jackson.databind.node.BigIntegerNode implements Scalar {
        private static final long serialVersionUID = 1L;
        private final String text;

        BigInteger(java.math.BigInteger value, String text) {
            super(value);
            this.text = text;
        }

        @Override
        public String text() {
            return text;
        }
    }

    static final class Double extends com.fasterxml.jackson.databind.node.DoubleNode implements Scalar {
        private static final long serialVersionUID = 1L;
        private final String text;

        Double(double value, String text) {
            super(value);
            this.text = text;
        }

        @Override
        public String text() {
            return text;
        }
    }
}
