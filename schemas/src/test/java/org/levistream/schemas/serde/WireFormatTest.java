package org.levistream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class WireFormatTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 255, 256, 0x01020304, Integer.MAX_VALUE})
    void writesTheIdBigEndianAfterTheMagicByte(int id) {
        byte[] header = new byte[WireFormat.HEADER_SIZE + 2];
        WireFormat.writeHeader(header, id);

        assertThat(header[0]).isZero();
        assertThat(WireFormat.readSchemaId(header, 0)).isEqualTo(id);
    }

    @Test
    void matchesConfluentsByteLayout() {
        byte[] header = new byte[WireFormat.HEADER_SIZE];
        WireFormat.writeHeader(header, 0x01020304);

        assertThat(header).containsExactly(0, 1, 2, 3, 4);
    }
}
