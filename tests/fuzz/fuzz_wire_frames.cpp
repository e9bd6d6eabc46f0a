// Fuzzes the TCP (WiFi board) and serial frame decoders (core/devices/src/InsoleWire.cpp,
// FrameDecoder). Built twice: FUZZ_SERIAL=0 gives fuzz_wire_tcp, FUZZ_SERIAL=1 fuzz_wire_serial.
//
// Input: two bytes that seed the chunk sizes, then the byte stream as a peer would send it.
// Promises checked:
//  - no crash or sanitizer report, whatever a peer sends;
//  - the frames are the same however the stream is cut into reads: they equal a reference that
//    splits the whole stream at '\n' and keeps each line whose last frame-body bytes decode
//    (InsoleWire.h: every complete frame ending at a '\n' comes out, whatever junk precedes it);
//  - every byte fed is accounted for: in a frame, discarded, or still buffered;
//  - memory stays bounded: after taking the frames out, less than one frame is buffered;
//  - a decoded frame encodes back to the bytes it came from.
#include "FuzzCommon.h"

#include "insolepose/devices/InsoleWire.h"

#include <vector>

using namespace insolepose;
using namespace insolepose::devices;

namespace {

#if FUZZ_SERIAL
constexpr FrameDecoder::Kind kKind = FrameDecoder::Kind::Serial;
constexpr std::size_t kFrameBytes = kSerialFrameBytes;
#else
constexpr FrameDecoder::Kind kKind = FrameDecoder::Kind::Wifi;
constexpr std::size_t kFrameBytes = kWifiFrameBytes;
#endif
constexpr std::size_t kBodyBytes = kFrameBytes - 1;

/// The reference: a line whose last kBodyBytes bytes are all in range ends with a frame.
std::optional<WireFrame> referenceParse(std::span<const std::uint8_t> line)
{
    if (line.size() < kBodyBytes)
        return std::nullopt;
    std::size_t p = line.size() - kBodyBytes;
    auto field = [&](int max) {
        const int v = int(line[p++]) - kWireOffset;
        return (v < 0 || v > max) ? -1 : v;
    };
    WireFrame f;
    f.matrixIndex = field(kMatrixIndexWrap - 1);
    if (f.matrixIndex < 0)
        return std::nullopt;
    if (kKind == FrameDecoder::Kind::Wifi) {
        f.senderId = field(255);
        if (f.senderId != 1 && f.senderId != 2)
            return std::nullopt;
    }
    for (int i = 0; i < kBoardCells; ++i) {
        const int hi = field(63), lo = field(63);
        if (hi < 0 || lo < 0)
            return std::nullopt;
        f.readings[std::size_t(i)] = std::uint16_t(hi * 64 + lo);
    }
    return f;
}

bool sameFrame(const WireFrame& a, const WireFrame& b)
{
    return a.matrixIndex == b.matrixIndex && a.senderId == b.senderId && a.readings == b.readings;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    fuzz::Reader in(data, size);
    std::uint32_t rng = in.u16() * 2654435761u + 1;
    const std::span<const std::uint8_t> stream = in.rest();

    // The reference frames over the whole stream.
    std::vector<std::pair<WireFrame, std::size_t>> expected; // frame, offset of its body
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < stream.size(); ++i) {
        if (stream[i] != '\n')
            continue;
        if (auto f = referenceParse(stream.subspan(lineStart, i - lineStart)))
            expected.emplace_back(*f, i - kBodyBytes);
        lineStart = i + 1;
    }

    // The decoder, fed in pieces of pseudo-random sizes (1 byte to two frames).
    FrameDecoder decoder(kKind);
    std::vector<WireFrame> got;
    std::size_t fed = 0;
    while (fed < stream.size()) {
        rng = rng * 1103515245u + 12345u;
        const std::size_t chunk = std::min<std::size_t>(stream.size() - fed, 1 + (rng >> 8) % (2 * kFrameBytes));
        decoder.feed({reinterpret_cast<const char*>(stream.data() + fed), chunk});
        fed += chunk;
        while (auto f = decoder.next())
            got.push_back(*f);
        fuzz::check(decoder.bufferedBytes() <= kBodyBytes, "decoder holds " + std::to_string(decoder.bufferedBytes()) +
                                                               " bytes after draining (more than a " +
                                                               std::to_string(kBodyBytes) + "-byte frame body)");
        fuzz::check(decoder.frames() * kFrameBytes + decoder.discardedBytes() + decoder.bufferedBytes() == fed,
                    "byte accounting: " + std::to_string(decoder.frames()) + " frames, " +
                        std::to_string(decoder.discardedBytes()) + " discarded, " +
                        std::to_string(decoder.bufferedBytes()) + " buffered != " + std::to_string(fed) + " fed");
    }

    fuzz::check(got.size() == expected.size(), "decoder found " + std::to_string(got.size()) +
                                                   " frames, the reference " + std::to_string(expected.size()));
    fuzz::check(decoder.frames() == got.size(), "frames() disagrees with the frames returned");
    for (std::size_t i = 0; i < got.size(); ++i) {
        fuzz::check(sameFrame(got[i], expected[i].first), "frame " + std::to_string(i) + " differs from the reference");
        const QByteArray again = kKind == FrameDecoder::Kind::Wifi
                                     ? encodeWifiFrame(got[i].matrixIndex, got[i].senderId, got[i].readings)
                                     : encodeSerialFrame(got[i].matrixIndex, got[i].readings);
        fuzz::check(std::size_t(again.size()) == kFrameBytes &&
                        std::equal(again.begin(), again.end(),
                                   reinterpret_cast<const char*>(stream.data() + expected[i].second)),
                    "frame " + std::to_string(i) + " does not encode back to its bytes");
    }
    return 0;
}
