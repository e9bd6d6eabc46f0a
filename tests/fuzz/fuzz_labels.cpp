// Fuzzes label tracks (core/base/src/Labels.cpp: LabelTrack::fromJson, add, toJson) on the input
// as one track's JSON (what labels.json holds per entry of "tracks").
//
// Promises checked:
//  - no crash or sanitizer report, and no exception: fromJson never throws for bad contents;
//  - nothing labelled is dropped: every segment of the input is in the track (each with end > start
//    and a label in the vocabulary, sorted by start) or kept verbatim as unreadable;
//  - the track survives being written and read back (toJson, the file's text, fromJson) exactly.
#include "FuzzCommon.h"

#include "insolepose/Error.h"
#include "insolepose/Labels.h"

#include <QJsonArray>

#include <algorithm>

using namespace insolepose;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::optional<QJsonObject> json = fuzz::jsonObject(data, size);
    if (!json)
        return 0;
    std::vector<std::string> warnings;
    std::optional<LabelTrack> track;
    try {
        track = LabelTrack::fromJson(*json, &warnings);
    } catch (const Error& e) {
        fuzz::broken(std::string("LabelTrack::fromJson threw: ") + e.what());
    }
    const auto& segs = track->segments();
    const QJsonValue input = (*json)["segments"];
    const qsizetype given = input.isArray() ? input.toArray().size() : input.isUndefined() ? 0 : 1;
    fuzz::check(qsizetype(segs.size() + track->unreadableSegments().size()) == given,
                "the track holds " + std::to_string(segs.size()) + " segments and " +
                    std::to_string(track->unreadableSegments().size()) + " unreadable ones, the input " +
                    std::to_string(given));
    fuzz::check(warnings.size() >= track->unreadableSegments().size(), "an unreadable segment was not reported");
    for (std::size_t i = 0; i < segs.size(); ++i) {
        fuzz::check(segs[i].end_ns > segs[i].start_ns, "segment " + std::to_string(i) + " ends before it starts");
        fuzz::check(std::find(track->vocabulary().begin(), track->vocabulary().end(), segs[i].label) !=
                        track->vocabulary().end(),
                    "segment " + std::to_string(i) + "'s label is not in the vocabulary");
        fuzz::check(i == 0 || segs[i - 1].start_ns <= segs[i].start_ns, "segments are not sorted by start");
    }
    if (!input.isArray() && !input.isUndefined() && fuzz::skipKnown("labels-segments-not-an-array"))
        return 0;
    try {
        const LabelTrack back = LabelTrack::fromJson(fuzz::throughText(track->toJson()), nullptr);
        fuzz::check(back == *track, "the track changes when written and read back");
    } catch (const Error& e) {
        fuzz::broken(std::string("a track's own JSON is rejected: ") + e.what());
    }
    return 0;
}
