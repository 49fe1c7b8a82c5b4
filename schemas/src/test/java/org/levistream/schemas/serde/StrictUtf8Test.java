package org.levistream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictUtf8Test {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "'', -1",
        "7573657231, -1",            // user1
        "75c3a9, -1",                // ué
        "f09f9880, -1",              // an emoji, four bytes
        "75c3, 1",                   // a lead byte cut off at the end
        "75c328, 1",                 // a lead byte followed by ASCII
        "6162ff63, 2",               // 0xFF never occurs in UTF-8
        "eda080, 0",                 // an encoded surrogate (U+D800) is not UTF-8
        "c0af, 0"                    // an overlong '/'
    })
    void findsTheFirstMalformedByte(String hex, int expected) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        byte[] padded = new byte[bytes.length + 2];
        System.arraycopy(bytes, 0, padded, 1, bytes.length);

        assertThat(StrictUtf8.firstMalformed(padded, 1, bytes.length)).isEqualTo(expected);
    }
}
