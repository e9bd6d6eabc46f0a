// The insole wire formats: round trips, resynchronisation after garbage, sequence numbers,
// mappings, UDP layouts, and a randomised fuzz over a million mutated frames.
#include "insolepose/Error.h"
#include "insolepose/devices/InsoleWire.h"

#include <QTest>

#include <random>

using namespace insolepose;
using namespace insolepose::devices;

namespace {
BoardMatrix pattern(int seed)
{
    BoardMatrix m;
    for (int i = 0; i < kBoardCells; ++i)
        m[std::size_t(i)] = std::uint16_t((i * 37 + seed * 101) % 4096);
    return m;
}
} // namespace

class TestWire : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void wifiRoundTripAndLayout()
    {
        const QByteArray bytes = encodeWifiFrame(17, 2, pattern(3));
        QCOMPARE(bytes.size(), kWifiFrameBytes);
        QCOMPARE(quint8(bytes[0]), quint8(17 + 11));
        QCOMPARE(quint8(bytes[1]), quint8(2 + 11));
        QCOMPARE(bytes.back(), '\n');
        QVERIFY(!bytes.left(kWifiFrameBytes - 1).contains('\n')); // data bytes never look like a boundary
        // Reading 0 = (hi 0, lo 0); reading 4095 = (63, 63).
        BoardMatrix extremes{};
        extremes[1] = 4095;
        const QByteArray e = encodeWifiFrame(0, 1, extremes);
        QCOMPARE(quint8(e[2]), quint8(11));
        QCOMPARE(quint8(e[4]), quint8(63 + 11));
        QCOMPARE(quint8(e[5]), quint8(63 + 11));
        FrameDecoder d(FrameDecoder::Kind::Wifi);
        d.feed({bytes.constData(), std::size_t(bytes.size())});
        const auto f = d.next();
        QVERIFY(f.has_value());
        QCOMPARE(f->matrixIndex, 17);
        QCOMPARE(f->senderId, 2);
        QVERIFY(f->readings == pattern(3));
        QVERIFY(!d.next().has_value());
    }

    void resyncsAfterGarbageAndSplitReads()
    {
        QByteArray stream;
        stream += encodeWifiFrame(1, 1, pattern(1));
        stream += QByteArray("noise\x01\x02 more noise\n", 20);
        stream += encodeWifiFrame(2, 1, pattern(2)).mid(100); // a frame cut at the front
        stream += encodeWifiFrame(3, 2, pattern(3));
        stream += QByteArray(5000, 'x') + '\n'; // a long line of garbage
        stream += encodeWifiFrame(4, 1, pattern(4));
        FrameDecoder d(FrameDecoder::Kind::Wifi);
        std::mt19937 rng(1);
        std::vector<int> indices;
        for (qsizetype pos = 0; pos < stream.size();) {
            const qsizetype n = std::min<qsizetype>(stream.size() - pos, 1 + qsizetype(rng() % 900));
            d.feed({stream.constData() + pos, std::size_t(n)});
            pos += n;
            while (auto f = d.next()) {
                indices.push_back(f->matrixIndex);
                QVERIFY(f->readings == pattern(f->matrixIndex));
            }
            QVERIFY(d.bufferedBytes() <= std::size_t(2 * kWifiFrameBytes));
        }
        QCOMPARE(indices, (std::vector<int>{1, 3, 4}));
        QVERIFY(d.resyncs() >= 3);
    }

    void framesAfterJunkWithoutABoundaryAreRecovered()
    {
        // A frame cut off by a board reset (no newline), line noise, or a long run of bytes that
        // is not a frame, followed at once by complete frames: every complete frame that ends at
        // a terminator comes through, whatever the read sizes.
        const QByteArray cut = encodeWifiFrame(5, 1, pattern(5)).left(1200);
        QByteArray stream;
        stream += encodeWifiFrame(1, 1, pattern(1));
        stream += cut + encodeWifiFrame(2, 2, pattern(2)); // a reset mid-frame
        stream += QByteArray("\x01\x7f noise", 8) + encodeWifiFrame(3, 1, pattern(3)); // line noise
        stream += QByteArray(3 * kWifiFrameBytes + 17, 'Q') + encodeWifiFrame(4, 2, pattern(4)); // long junk
        stream += encodeWifiFrame(6, 1, pattern(6)).left(kWifiFrameBytes - 1) + encodeWifiFrame(7, 1, pattern(7));
        for (const int chunk : {1, 7, 512, 2051, 8192, 100000}) {
            FrameDecoder d(FrameDecoder::Kind::Wifi);
            std::vector<int> indices;
            for (qsizetype pos = 0; pos < stream.size(); pos += chunk) {
                const qsizetype n = std::min<qsizetype>(chunk, stream.size() - pos);
                d.feed({stream.constData() + pos, std::size_t(n)});
                while (auto f = d.next()) {
                    indices.push_back(f->matrixIndex);
                    QVERIFY(f->readings == pattern(f->matrixIndex));
                }
                QVERIFY(d.bufferedBytes() <= std::size_t(2 * kWifiFrameBytes));
            }
            QCOMPARE(indices, (std::vector<int>{1, 2, 3, 4, 7}));
            QCOMPARE(d.resyncs(), std::uint64_t(4)); // one per run of junk
            QCOMPARE(d.discardedBytes(), std::uint64_t(1200 + 8 + 3 * kWifiFrameBytes + 17 + kWifiFrameBytes - 1));
        }
        // The serial decoder (noise on the line, a reply cut short) recovers the same way.
        FrameDecoder s(FrameDecoder::Kind::Serial);
        const QByteArray serial = QByteArray("\x03\x05zz", 4) + encodeSerialFrame(10, pattern(10)) +
                                  encodeSerialFrame(11, pattern(11)).left(900) + encodeSerialFrame(12, pattern(12));
        s.feed({serial.constData(), std::size_t(serial.size())});
        std::vector<int> got;
        while (auto f = s.next())
            got.push_back(f->matrixIndex);
        QCOMPARE(got, (std::vector<int>{10, 12}));
        QCOMPARE(s.resyncs(), std::uint64_t(2));
    }

    void serialFrames()
    {
        const QByteArray a = encodeSerialFrame(242, pattern(5)), b = encodeSerialFrame(243, pattern(6));
        QCOMPARE(a.size(), kSerialFrameBytes);
        FrameDecoder d(FrameDecoder::Kind::Serial);
        const QByteArray both = a + b;
        d.feed({both.constData(), std::size_t(both.size())});
        QCOMPARE(d.next()->matrixIndex, 242);
        const auto f = d.next();
        QCOMPARE(f->matrixIndex, 243);
        QVERIFY(f->readings == pattern(6));
        // A serial frame is too short to be a WiFi frame. (The other way round, a WiFi line ends
        // with a well-formed serial frame after one extra byte, and a serial decoder recovers
        // frames after junk, so only the length tells them apart.)
        FrameDecoder w(FrameDecoder::Kind::Wifi);
        w.feed({a.constData(), std::size_t(a.size())});
        QVERIFY(!w.next().has_value());
        QCOMPARE(w.resyncs(), std::uint64_t(1));
    }

    void sequenceNumbersUnwrapAndCountGaps()
    {
        SequenceTracker t;
        QCOMPARE(t.update(240), 240u);
        QCOMPARE(t.update(241), 241u);
        QCOMPARE(t.update(243), 243u); // one lost
        QCOMPARE(t.update(0), 244u); // wraps at 243
        QCOMPARE(t.update(5), 249u); // four lost
        QCOMPARE(t.lost(), std::uint64_t(5));
    }

    void mappingCropsFlipsAndInverts()
    {
        const InsoleMapping small = InsoleMapping::forSize(InsoleSize::Small);
        BoardMatrix m{};
        m[std::size_t(1 * 32 + 5 + 21)] = 1234; // row 1, last used column -> flipped to column 0
        const auto grid = small.toModelGrid(m);
        QCOMPARE(grid.size(), std::size_t(660));
        QCOMPARE(grid[0], std::uint16_t(1234));
        std::vector<std::uint16_t> cells(660);
        for (std::size_t i = 0; i < cells.size(); ++i)
            cells[i] = std::uint16_t(i);
        QCOMPARE(small.toModelGrid(small.toBoard(cells)), cells);
        const InsoleMapping large = InsoleMapping::forSize(InsoleSize::Large);
        const auto padded = large.toModelGrid(large.toBoard(cells));
        QCOMPARE(padded[0], std::uint16_t(0 + 0));
        QCOMPARE(padded[21], std::uint16_t(0)); // padded column
        QCOMPARE(padded[22 + 5], std::uint16_t(22 + 5));
        InsoleMapping bad = small;
        bad.firstCol = 20;
        QVERIFY_THROWS_EXCEPTION(FormatError, bad.toModelGrid(m));
        QVERIFY_THROWS_EXCEPTION(FormatError, InsoleMapping::fromJson(bad.toJson()));
    }

    void udpLayouts()
    {
        const UdpLayout layout;
        UdpFrame f;
        f.foot = Foot::Right;
        f.sequence = 70000;
        f.readings.assign(660, 0);
        f.readings[659] = 4095;
        const QByteArray bytes = encodeUdp(f, layout);
        QCOMPARE(bytes.size(), 663 * 2);
        const auto back = decodeUdp({bytes.constData(), std::size_t(bytes.size())}, layout);
        QVERIFY(back.has_value());
        QCOMPARE(back->foot, Foot::Right);
        QCOMPARE(*back->sequence, 70000u);
        QCOMPARE(back->readings[659], std::uint16_t(4095));
        QVERIFY(!decodeUdp({bytes.constData(), std::size_t(bytes.size() - 2)}, layout).has_value());
        QByteArray hot = bytes;
        hot[6] = char(0xff);
        hot[7] = char(0xff); // a reading of 65535 is not a 12-bit value
        QVERIFY(!decodeUdp({hot.constData(), std::size_t(hot.size())}, layout).has_value());
        UdpLayout overlap;
        overlap.footWord = 10;
        QVERIFY_THROWS_EXCEPTION(FormatError, overlap.validate());
        UdpLayout tooSmall;
        tooSmall.totalWords = 100;
        QVERIFY_THROWS_EXCEPTION(FormatError, tooSmall.validate());
        // The 254-word boards (fixed foot, no sequence number) fit a custom layout.
        UdpLayout custom;
        custom.totalWords = 254;
        custom.sequenceWord = -1;
        custom.footWord = 253;
        custom.dataWord = 0;
        custom.grid = {11, 23 - 1};
        custom.validate();
    }

    void fuzzMillionMutatedFrames()
    {
        // Each round mutates a valid frame (bit flips, byte insertions and deletions, cuts,
        // stray newlines, duplicated chunks) and feeds it, intact frames in between. The decoder
        // must stay bounded, never produce out-of-range values, and keep decoding intact frames.
        std::mt19937 rng(2026);
        FrameDecoder d(FrameDecoder::Kind::Wifi);
        const QByteArray intact = encodeWifiFrame(7, 1, pattern(7));
        std::uint64_t decoded = 0, intactSent = 0;
        const int rounds = 1'000'000;
        QByteArray m;
        for (int round = 0; round < rounds; ++round) {
            m = intact;
            const int edits = 1 + int(rng() % 4);
            for (int e = 0; e < edits; ++e) {
                if (m.isEmpty())
                    m.append(char(rng()));
                const int pos = int(rng() % std::uint32_t(std::max<qsizetype>(1, m.size())));
                switch (rng() % 6) {
                case 0: m[pos] = char(m[pos] ^ char(1u << (rng() % 8))); break;
                case 1: m.insert(pos, char(rng())); break;
                case 2: m.remove(pos, 1 + qsizetype(rng() % 8)); break;
                case 3: m.truncate(pos); break;
                case 4: m[pos] = '\n'; break;
                case 5: m.insert(pos, m.mid(pos, 1 + qsizetype(rng() % 64))); break;
                }
            }
            d.feed({m.constData(), std::size_t(m.size())});
            if (round % 10 == 0) { // a boundary, then an intact frame
                d.feed({"\n", 1});
                d.feed({intact.constData(), std::size_t(intact.size())});
                ++intactSent;
            }
            while (auto f = d.next()) {
                ++decoded;
                QVERIFY(f->senderId == 1 || f->senderId == 2);
                QVERIFY(f->matrixIndex >= 0 && f->matrixIndex < kMatrixIndexWrap);
                for (std::uint16_t v : f->readings)
                    QVERIFY(v <= 4095);
            }
            QVERIFY(d.bufferedBytes() <= std::size_t(2 * kWifiFrameBytes));
        }
        qInfo("fuzz: %d mutated frames, %llu intact frames interleaved, %llu frames decoded, %llu resyncs, %llu bytes "
              "discarded",
              rounds, (unsigned long long)intactSent, (unsigned long long)decoded, (unsigned long long)d.resyncs(),
              (unsigned long long)d.discardedBytes());
        QVERIFY(decoded >= intactSent); // every intact frame after a boundary came through
    }
};

QTEST_APPLESS_MAIN(TestWire)
#include "test_wire.moc"
