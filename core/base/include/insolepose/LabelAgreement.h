#pragma once
// Agreement between two label tracks (docs/LABELS.md, "Agreement"): Cohen's kappa over frames
// (unlabelled frames are the category "none"), per-label precision / recall / F1 of track B against
// the reference A, and segment-level agreement with a boundary tolerance.
#include "insolepose/Labels.h"

#include <QJsonObject>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace insolepose {

class Session;

/// The category of a frame no segment covers.
inline constexpr const char* kNoLabel = "none";

struct LabelScores {
    double precision = 0, recall = 0, f1 = 0;
    std::size_t referenceFrames = 0; ///< Frames A labels with it.
    std::size_t otherFrames = 0; ///< Frames B labels with it.
    std::size_t bothFrames = 0; ///< Frames both label with it.
};

struct SegmentAgreement {
    std::size_t matched = 0; ///< A's segments matched one-to-one by one of B's.
    std::size_t missed = 0; ///< A's segments without a match.
    std::size_t extra = 0; ///< B's segments without a match.
    double precision = 0, recall = 0, f1 = 0;
};

struct AgreementResult {
    std::string reference, other; ///< Track names (A, B).
    std::size_t frames = 0;
    std::vector<std::string> categories; ///< Confusion order: the labels, then "none".
    std::vector<std::vector<std::size_t>> confusion; ///< [A][B] frame counts.
    double observed = 0; ///< Fraction of frames with the same category.
    double expected = 0; ///< Chance agreement from the two marginals.
    double kappa = 0; ///< (observed - expected) / (1 - expected); 1 when both are one single category throughout.
    std::map<std::string, LabelScores> perLabel; ///< Every label either track uses in the frames (not "none").
    TimeNs tolerance_ns = 0;
    SegmentAgreement segments;

    QJsonObject toJson() const;
    /// One row per label: label,precision,recall,f1,reference_frames,other_frames; then kappa and segment rows.
    std::string toCsv() const;
};

/// Compares `other` (B) against `reference` (A) at the given frame times (each frame takes the
/// label covering it). Segments count when they overlap [first frame, last frame]. Throws Error
/// when there are no frames.
AgreementResult computeAgreement(const LabelTrack& reference, const LabelTrack& other,
                                 const std::vector<TimeNs>& frameTimes, TimeNs tolerance_ns = 200'000'000);

/// The frames to compare on: the session's tactile frame times (left foot, else right) within
/// [range), or steps of `step_ns` (default 10 ms) over the range when the session has no tactile
/// frames or a step is given. Without a range: the session's time range, or the two tracks' extent
/// when the session is empty.
std::vector<TimeNs> agreementFrameTimes(const Session& session, const LabelTrack& a, const LabelTrack& b,
                                        std::optional<std::pair<TimeNs, TimeNs>> range = std::nullopt,
                                        TimeNs step_ns = 0);

} // namespace insolepose
