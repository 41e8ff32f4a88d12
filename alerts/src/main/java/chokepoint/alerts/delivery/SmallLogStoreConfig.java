package chokepoint.alerts.delivery;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;

import java.util.Map;

/**
 * RocksDB sized for the notification log, which is looked up a few times per delivery: an 8 MiB block cache and two
 * 4 MiB write buffers instead of Kafka Streams' 50 MiB and three of 16 MiB, so the store costs a delivery pod a few
 * tens of megabytes off the heap, not a hundred.
 */
public final class SmallLogStoreConfig implements RocksDBConfigSetter {

    private Cache cache;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        cache = new LRUCache(8L * 1024 * 1024);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        options.setTableFormatConfig(table);
        options.setWriteBufferSize(4L * 1024 * 1024);
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        cache.close();
    }
}
