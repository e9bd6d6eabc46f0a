#pragma once
// Training and evaluation of the pose model on session windows: splits that never let a window
// leak across train/validation/test, Adam with the heatmap and keypoint losses, per-epoch
// validation, and the paper's error reports (MPJPE per keypoint, axis, body part and action,
// PA-MPJPE). Errors: Error for empty splits or bad options.
#include "insolepose/analysis/PoseComparison.h"
#include "insolepose/model/PoseModel.h"
#include "insolepose/model/TactileWindows.h"

#include <QJsonObject>

#include <filesystem>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace insolepose::model {

class DistributedGroup;

struct Split {
    std::vector<WindowRef> train, validation, test;
};
/// Contiguous blocks per session: the first 60 % of each session's windows train, the next 20 %
/// validate, the last 20 % test; windows that would reach back into an earlier part's tactile
/// frames are left out, so no frame serves two parts.
Split splitByTimeBlocks(const WindowSource& source, double train = 0.6, double validation = 0.2);
/// Sessions for which `heldOut` is true go to test; the rest split 80/20 into train/validation by
/// time blocks (leave-one-action-out, leave-one-subject-out).
Split splitHoldingOut(const WindowSource& source, const std::function<bool(const Session&)>& heldOut);

struct TrainOptions {
    int epochs = 10;
    int batch = 32;
    double learningRate = 1e-4;
    float heatmapWeight = 100.0f;
    float keypointWeight = 1000.0f;
    std::uint64_t seed = 1;
    int threads = 2;
    int downsample = 0; ///< Resolution ablation: average-pool by 2 this many times.
    std::size_t maxWindowsPerEpoch = 0; ///< 0: all training windows each epoch.
    double maxMinutes = 0; ///< Stop mid-epoch once this much wall time has passed since the
                           ///< Trainer was made (0: no limit); the epoch still validates.
    /// The ranks this process trains with (docs/DISTRIBUTED.md); null: this process alone. Each
    /// step, every rank takes `batch` windows of its shard of the epoch's shuffled windows, and the
    /// gradients are averaged over the ranks.
    DistributedGroup* group = nullptr;
    /// Without a group: this process computes the steps that this many ranks would (each rank's
    /// batch in turn, gradients averaged), the reference a distributed run is checked against.
    int emulatedRanks = 1;
};

struct EpochReport {
    int epoch = 0;
    std::size_t windows = 0; ///< Training windows seen this epoch.
    bool stoppedEarly = false; ///< The time budget ran out mid-epoch.
    double trainLoss = 0;
    double validationMpjpe_cm = 0;
    double seconds = 0;
    double windowsPerSecond = 0;
};

/// Called during an epoch with the batches done, the batches in the epoch and the mean loss.
using TrainProgress = std::function<void(int epoch, std::size_t done, std::size_t total, double loss)>;
/// Called after every optimizer step (counted from 1 over the Trainer's life) with all parameters
/// flattened in the model's order.
using StepObserver = std::function<void(std::size_t step, std::span<const float> parameters)>;

/// Process-wide, for batch jobs that train (the `train` and `experiment` commands, bench_model):
/// memory the allocator frees stays in the process for the next step instead of going back to
/// the kernel, which would clear its pages again when the next step touches them (about 10 % of a
/// paper-configuration step; docs/DISTRIBUTED.md, "Speed"). The process keeps its peak memory
/// until it ends, so an interactive program (the studio) should not call it.
void keepFreedMemoryForReuse();

class Trainer {
public:
    Trainer(PoseModel& model, const WindowSource& source, TrainOptions options);
    ~Trainer();
    /// One pass over (a random subset of) `train`, then MPJPE on `validation`.
    EpochReport runEpoch(int epoch, const std::vector<WindowRef>& train, const std::vector<WindowRef>& validation,
                         const TrainProgress& progress = {});
    /// True once the time budget (TrainOptions::maxMinutes) is spent.
    bool outOfTime() const;
    /// outOfTime() agreed by every rank (true when it is true for any): a collective, so every rank
    /// must call it at the same point.
    bool outOfTimeOnAnyRank() const;
    /// Gives every rank rank 0's parameters, buffers and Adam state (start of a run, after a resume).
    void shareRankZeroState();
    void observeSteps(StepObserver observer);
    /// Adam's moments and step counts, so a resumed run continues exactly. Throws IoError /
    /// FormatError (a file from another model or a corrupt one).
    void saveOptimizer(const std::filesystem::path& file) const;
    void loadOptimizer(const std::filesystem::path& file);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

struct Evaluation {
    std::size_t windows = 0;
    double mpjpe_cm = 0;
    double paMpjpe_cm = 0;
    std::array<double, kKeypointCount> perKeypoint_cm{};
    std::array<double, 3> perAxis_cm{}; ///< Mean absolute error along x, y, z.
    std::map<std::string, double> perBodyPart_cm;
    std::map<std::string, double> perAction_cm;
    std::map<std::string, std::size_t> perActionCount;
    /// By gait phase at the window's time (analysis::phaseCategory: double-support, single-support,
    /// no-contact; docs/GAIT.md); windows of unknown phase are left out.
    std::map<std::string, double> perGaitPhase_cm;
    std::map<std::string, std::size_t> perGaitPhaseCount;
    QJsonObject toJson() const;
};
/// Runs the model over `windows` (batches of 32) and compares with ground truth in the
/// normalised frame. `downsample` applies the resolution ablation to the inputs.
Evaluation evaluate(const PoseModel& model, const WindowSource& source, const std::vector<WindowRef>& windows,
                    int downsample = 0);

/// The model's predictions at every left-foot tactile frame of `session` that has a full window,
/// in batches of 32. `progress(done, total)` after each batch; returning false cancels (the
/// result is then empty). Keypoints are in the normalised frame (paper eq. 1).
struct SessionPredictions {
    std::vector<TimeNs> times;
    std::vector<Pose> poses;
};
SessionPredictions predictSession(const PoseModel& model, const Session& session,
                                  const std::function<bool(std::size_t done, std::size_t total)>& progress = {});

/// Writes the paper's reports of `e` into `dir`: evaluation.json; per_keypoint.csv, per_axis.csv,
/// per_body_part.csv, per_action.csv; and the same as PNG bar charts. Throws IoError.
void writeEvaluationReport(const std::filesystem::path& dir, const Evaluation& e, const std::string& title);

/// PA-MPJPE (metres) lives in the analysis layer; the model evaluation uses it from there.
using analysis::procrustesMpjpe;

} // namespace insolepose::model
