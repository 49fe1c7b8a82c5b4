package org.levistream.model.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class TitleTokenizerTest {
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "Sci-Fi; sci fi",
        "Film-Noir; film noir",
        "'  Star Wars: Episode IV - A New Hope '; star wars episode iv a new hope",
        "Léon: The Professional; léon the professional",
        "2001: A Space Odyssey; 2001 a space odyssey",
        "\"Great Performances\" Cats; great performances cats"})
    void lowerCasesAndSplitsOnAnythingButLettersAndDigits(String title, String expected) {
        assertThat(TitleTokenizer.tokens(title)).containsExactly(expected.split(" "));
    }

    @Test
    void nullAndPunctuationGiveNoTokens() {
        assertThat(TitleTokenizer.tokens(null)).isEmpty();
        assertThat(TitleTokenizer.tokens(" -- ")).isEqualTo(List.of());
    }
}
