// Fuzzes the UDP layout and datagram decoder (core/devices/src/InsoleWire.cpp: UdpLayout::fromJson,
// UdpLayout::validate, decodeUdp, encodeUdp).
//
// Input: six little-endian int32 layout fields (total_words, sequence_word, foot_word, data_word,
// rows, cols) as a configuration would give them, a flags byte (bit 0: fixed_foot right; bit 1: cut
// or zero-pad the datagram to the layout's size), then one datagram.
// Promises checked:
//  - no crash or sanitizer report for any layout and datagram (a layout is either rejected with
//    FormatError or safe to decode with);
//  - a layout that validates has its fields inside total_words and not overlapping (UdpLayout's
//    contract), and survives toJson / fromJson;
//  - decodeUdp agrees with a reference decoder (size, foot, sequence, readings within 12 bits);
//  - a decoded frame encodes back to the same words.
#include "FuzzCommon.h"

#include "insolepose/Error.h"
#include "insolepose/devices/InsoleWire.h"

#include <cstring>
#include <vector>

using namespace insolepose;
using namespace insolepose::devices;

namespace {

std::uint16_t wordAt(std::span<const char> d, int i)
{
    std::uint16_t w;
    std::memcpy(&w, d.data() + 2 * std::size_t(i), 2);
    return w;
}

std::string describe(const UdpLayout& l)
{
    return "layout total " + std::to_string(l.totalWords) + ", sequence " + std::to_string(l.sequenceWord) + ", foot " +
           std::to_string(l.footWord) + ", data " + std::to_string(l.dataWord) + ", grid " +
           std::to_string(l.grid.rows) + " x " + std::to_string(l.grid.cols);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    fuzz::Reader in(data, size);
    QJsonObject json{{"total_words", in.i32()}, {"sequence_word", in.i32()}, {"foot_word", in.i32()},
                     {"data_word", in.i32()},   {"rows", in.i32()},          {"cols", in.i32()}};
    const std::uint8_t flags = in.u8();
    json["fixed_foot"] = (flags & 1) ? "right" : "left";
    // Word indices near INT_MAX overflow validate()'s int arithmetic (known bug, README.md).
    const std::int64_t dataWord = json["data_word"].toInt(), sequenceWord = json["sequence_word"].toInt();
    if ((dataWord > INT32_MAX - 660 || sequenceWord > INT32_MAX - 2) && fuzz::skipKnown("udp-layout-int-overflow"))
        return 0;
    UdpLayout layout;
    try {
        layout = UdpLayout::fromJson(json);
    } catch (const Error&) {
        return 0;
    }

    // The contract of a valid layout: every field inside the datagram, no two fields overlapping.
    const std::int64_t total = layout.totalWords, cells = std::int64_t(layout.grid.rows) * layout.grid.cols;
    const std::int64_t seq = layout.sequenceWord, foot = layout.footWord, first = layout.dataWord;
    fuzz::check(total > 0 && layout.grid.rows > 0 && layout.grid.cols > 0 && first >= 0 && first + cells <= total,
                "validate() accepted readings outside the datagram: " + describe(layout));
    // A negative word index means "none" (decodeUdp tests >= 0), -1 being the documented one.
    const bool seqOk = seq < 0 || (seq + 2 <= total && (seq + 2 <= first || seq >= first + cells));
    const bool footOk = foot < 0 || (foot < total && (foot < first || foot >= first + cells));
    const bool apart = seq < 0 || foot < 0 || foot < seq || foot >= seq + 2;
    fuzz::check(seqOk && footOk, "validate() accepted a field out of range or on the readings: " + describe(layout));
    if (!apart && fuzz::skipKnown("udp-sequence-foot-overlap"))
        return 0;
    fuzz::check(apart, "validate() accepted a foot word inside the sequence words: " + describe(layout));
    try {
        const UdpLayout again = UdpLayout::fromJson(fuzz::throughText(layout.toJson()));
        fuzz::check(again.totalWords == layout.totalWords && again.sequenceWord == layout.sequenceWord &&
                        again.footWord == layout.footWord && again.dataWord == layout.dataWord &&
                        again.grid == layout.grid && again.fixedFoot == layout.fixedFoot,
                    "UdpLayout does not survive toJson/fromJson: " + describe(layout));
    } catch (const Error& e) {
        fuzz::broken(std::string("a valid layout's own JSON is rejected: ") + e.what());
    }

    // One datagram, copied so that a read past its end is caught.
    const std::span<const std::uint8_t> rest = in.rest();
    std::vector<char> datagram(rest.begin(), rest.end());
    if (flags & 2)
        datagram.resize(std::size_t(total) * 2, '\0');
    const std::optional<UdpFrame> frame = decodeUdp(datagram, layout);

    // The reference decoder.
    bool ok = datagram.size() == std::size_t(total) * 2;
    if (ok && foot >= 0)
        ok = wordAt(datagram, int(foot)) <= 1;
    for (std::int64_t i = 0; ok && i < cells; ++i)
        ok = wordAt(datagram, int(first + i)) <= kAdcMax;
    fuzz::check(ok == frame.has_value(), std::string("decodeUdp ") + (frame ? "accepted" : "rejected") +
                                             " a datagram of " + std::to_string(datagram.size()) +
                                             " bytes the reference " + (ok ? "accepts" : "rejects") + "; " +
                                             describe(layout));
    if (!frame)
        return 0;
    fuzz::check(frame->readings.size() == std::size_t(cells), "decodeUdp returned the wrong number of readings");
    fuzz::check(frame->foot == (foot >= 0 ? Foot(wordAt(datagram, int(foot))) : layout.fixedFoot),
                "decodeUdp returned the wrong foot");
    fuzz::check(frame->sequence.has_value() == (seq >= 0), "decodeUdp sequence presence is wrong");
    if (seq >= 0)
        fuzz::check(*frame->sequence == (std::uint32_t(wordAt(datagram, int(seq))) |
                                         (std::uint32_t(wordAt(datagram, int(seq + 1))) << 16)),
                    "decodeUdp returned the wrong sequence number");
    const QByteArray encoded = encodeUdp(*frame, layout);
    const std::span<const char> enc(encoded.data(), std::size_t(encoded.size()));
    fuzz::check(encoded.size() == qsizetype(datagram.size()), "encodeUdp wrote the wrong size");
    for (std::int64_t i = 0; i < cells; ++i)
        fuzz::check(wordAt(enc, int(first + i)) == wordAt(datagram, int(first + i)),
                    "encodeUdp(decodeUdp(d)) changed reading " + std::to_string(i));
    if (foot >= 0)
        fuzz::check(wordAt(enc, int(foot)) == wordAt(datagram, int(foot)), "encodeUdp(decodeUdp(d)) changed the foot");
    if (seq >= 0)
        fuzz::check(wordAt(enc, int(seq)) == wordAt(datagram, int(seq)) &&
                        wordAt(enc, int(seq + 1)) == wordAt(datagram, int(seq + 1)),
                    "encodeUdp(decodeUdp(d)) changed the sequence number");
    return 0;
}
