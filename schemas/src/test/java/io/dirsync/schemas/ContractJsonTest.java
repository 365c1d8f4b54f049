package io.dirsync.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContractJsonTest {

    @Test
    void shouldRenderUnionRecordsWithTheirTypeAndTimestampsAsIsoStrings() {
        String json = ContractJson.toJson(AvroCodecTest.aChange());

        assertThat(json)
                .startsWith("{\"changeId\":\"c-1\",\"directoryId\":\"dir-1\",\"source\":\"SCIM\"")
                .contains("\"receivedAt\":\"2023-11-14T22:13:20Z\"")
                .contains("\"expectedVersion\":3")
                .contains("\"payload\":{\"@type\":\"CreateUser\",\"userId\":\"u-1\"")
                .contains("\"document\":\"{\\\"userName\\\":\\\"ada@example.com\\\"}\"")
                .contains("\"externalId\":null");
    }
}
