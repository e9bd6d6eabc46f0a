#pragma once
// Gait from insole pressure (docs/GAIT.md): per-foot contacts found on each foot's load curve by a
// threshold with hysteresis (default: the local minimum plus 10 % of the local load range),
// heel-strike and toe-off events, one row per step (stance, swing, double and single support, step
// and stride time, peak load, loading rate, impulse), summaries per action label and per session,
// the gait phase at any time, the cadence seen in the ground-truth heel trajectory, and the
// gait_events.json file. Reports no errors for odd data: sessions without contact, a missing foot
// or gaps give no steps or steps marked incomplete, with a note. Errors: IoError / FormatError
// from reading or writing an events file (naming the file and field).
#include "insolepose/Session.h"
#include "insolepose/SessionCurves.h"

#include <QJsonObject>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace insolepose::analysis {

struct GaitOptions {
    /// Contact threshold: local minimum + this fraction of the local load range (Tekscan's 10 %).
    double thresholdFraction = 0.10;
    /// Hysteresis around the threshold, as a fraction of the local range: a contact starts above
    /// threshold + half of it and ends below threshold - half of it.
    double hysteresisFraction = 0.05;
    /// Half width of the window the local minimum and range are taken over (drifting baselines).
    double window_s = 3.0;
    /// A window whose minimum is above this fraction of its maximum never unloads (squats, sitting
    /// still): no events there.
    double maxUnloadedFraction = 0.5;
    /// Contacts and swings shorter than this are noise and are merged away.
    double minPhase_s = 0.1;
    /// Consecutive frames further apart than this are a gap: no event is placed across it.
    double maxFrameGap_s = 0.3;
};

enum class GaitEventKind { HeelStrike, ToeOff };

struct GaitEvent {
    Foot foot = Foot::Left;
    GaitEventKind kind = GaitEventKind::HeelStrike;
    TimeNs time_ns = 0;
    friend bool operator==(const GaitEvent&, const GaitEvent&) = default;
};
std::string_view gaitEventKindName(GaitEventKind kind); ///< "heel_strike" / "toe_off"

/// One stance of one foot: [start, end) on the session clock. An end not observed (the stream
/// starts or ends in contact, or a gap cuts it) is marked so; its time is then the last frame seen.
struct Contact {
    Foot foot = Foot::Left;
    TimeNs start_ns = 0;
    TimeNs end_ns = 0;
    bool startObserved = true;
    bool endObserved = true;
};

/// One step: a stance of `foot` from its heel strike to its toe off, and the swing to the next heel
/// strike of the same foot. Times in seconds; NaN where a value cannot be known (the first step
/// has no step time, the last no swing). Loads are in load units (sum of normalised taxels).
struct GaitStep {
    Foot foot = Foot::Left;
    std::string label; ///< The action label at the heel strike ("" when unlabelled).
    double heelStrike_s = 0;
    double toeOff_s = 0;
    double stance_s = 0;
    double swing_s = 0; ///< Toe off to the next heel strike of the same foot.
    double stride_s = 0; ///< Heel strike to the next heel strike of the same foot.
    double step_s = 0; ///< The other foot's previous heel strike to this heel strike.
    double doubleSupport_s = 0; ///< Time of this stance with the other foot also in contact.
    double singleSupport_s = 0; ///< Time of this stance with the other foot in the air.
    double peakLoad = 0;
    double loadingRate_per_s = 0; ///< Peak load over the time from heel strike to that peak.
    double impulse_s = 0; ///< Integral of the load over the stance (load units x s).
    bool complete = true; ///< Both events observed and the swing ended by a heel strike.
};

/// Means over complete steps (NaN when none), counts over all steps.
struct GaitSummary {
    std::string label; ///< "" for the whole session.
    FootPair<int> steps{};
    int totalSteps = 0;
    int incompleteSteps = 0;
    double duration_s = 0; ///< First to last heel strike.
    double cadence_steps_per_min = 0; ///< 60 / mean step time within 0.5..2 x the median (NaN without).
    FootPair<double> stance_s{}, swing_s{};
    double stride_s = 0, step_s = 0, doubleSupport_s = 0;
    /// Robinson's symmetry index 100 * |L - R| / (0.5 (L + R)) of stance time and step time.
    double stanceAsymmetry_pct = 0, stepAsymmetry_pct = 0;
};

struct GaitAnalysis {
    FootPair<TimeCurve> load; ///< Per foot, every frame.
    std::vector<Contact> contacts; ///< Both feet, by start time.
    std::vector<GaitEvent> events; ///< Observed events, by time.
    std::vector<GaitStep> steps; ///< By heel strike.
    GaitSummary session;
    std::vector<GaitSummary> perLabel; ///< In the order labels first occur.
    std::vector<std::string> notes; ///< Why there are few or no steps (no contact, missing foot, gaps).
};

/// Contacts of one foot's load curve.
std::vector<Contact> detectContacts(const TimeCurve& load, Foot foot, const GaitOptions& options = {});
/// Events at the observed ends of contacts, by time.
std::vector<GaitEvent> eventsOf(const std::vector<Contact>& contacts);
/// Steps from the contacts of both feet and their load curves; labels from `labels` (may be null).
std::vector<GaitStep> stepsOf(const std::vector<Contact>& contacts, const FootPair<TimeCurve>& load,
                              const LabelTrack* labels);
GaitSummary summarizeSteps(const std::vector<GaitStep>& steps, const std::string& label = {});

/// The whole analysis of a session (its first label track labels the steps).
GaitAnalysis analyzeGait(const Session& session, const GaitOptions& options = {});
/// The same from two load curves (either may be empty: a missing foot).
GaitAnalysis analyzeGait(const FootPair<TimeCurve>& load, const LabelTrack* labels, const GaitOptions& options = {});

enum class GaitPhase { Unknown, Stance, Swing };
/// The phase of `foot` at t: Stance inside a contact, Swing between two contacts, Unknown outside.
GaitPhase phaseAt(const std::vector<Contact>& contacts, Foot foot, TimeNs t_ns);
/// A per-frame category for pose errors: "double-support", "single-support", "no-contact" (both feet
/// in swing) or "" (unknown: before the first or after the last contact, in a gap).
std::string phaseCategory(const std::vector<Contact>& contacts, TimeNs t_ns);
/// phaseCategory at each time (for analysis::summarizeByCategory of pose errors).
std::vector<std::string> phaseCategories(const std::vector<Contact>& contacts, const std::vector<TimeNs>& times_ns);

/// Steps per minute from the ground-truth heel heights (keypoints 15 and 18; docs/REFERENCE.md) in
/// [from, to): touch-downs are heel heights falling below the foot's lowest level + `contact_m`.
/// NaN with fewer than two touch-downs.
double cadenceFromHeels(const KeypointStream& groundTruth, TimeNs from_ns, TimeNs to_ns, double contact_m = 0.03);

/// File names inside a session folder (docs/SESSION_FORMAT.md).
inline constexpr const char* kGaitEventsFile = "gait_events.json";
inline constexpr const char* kTrueGaitEventsFile = "gait_events_true.json";
/// Writes events (gait_events.json format, with `source`). Throws IoError.
void writeGaitEvents(const std::filesystem::path& file, const std::vector<GaitEvent>& events,
                     const std::string& source = "insolepose gait");
/// Reads an events file. Throws IoError / FormatError naming the file and the event index and field.
std::vector<GaitEvent> readGaitEvents(const std::filesystem::path& file);

/// steps.csv: one row per step (foot, label, heel_strike_s, toe_off_s, stance_s, swing_s, stride_s,
/// step_s, double_support_s, single_support_s, peak_load, loading_rate_per_s, impulse_s, complete);
/// unknown values are empty. Throws IoError naming the file.
void writeStepsCsv(const std::filesystem::path& file, const std::vector<GaitStep>& steps);
/// summary.json: the session summary, one per action label, and the notes (docs/GAIT.md).
QJsonObject summaryJson(const GaitAnalysis& gait);

/// Matching of detected events against true ones of the same foot and kind: each true event takes
/// the nearest unused detected event within `tolerance_ns`.
struct EventScore {
    std::vector<double> errors_ms; ///< detected - true, per matched event.
    int truth = 0;
    int detected = 0;
    int missed = 0;
    int extra = 0;
    double median_abs_ms() const;
    double p95_abs_ms() const;
};
EventScore scoreEvents(const std::vector<GaitEvent>& truth, const std::vector<GaitEvent>& detected, GaitEventKind kind,
                       TimeNs tolerance_ns = 250 * kNsPerMs);
/// Both kinds scored, as {"heel_strike": {"median_abs_ms", "p95_abs_ms", "mean_ms", "true", "detected",
/// "missed", "extra"}, "toe_off": {...}}.
QJsonObject scoreJson(const std::vector<GaitEvent>& truth, const std::vector<GaitEvent>& detected);

} // namespace insolepose::analysis
