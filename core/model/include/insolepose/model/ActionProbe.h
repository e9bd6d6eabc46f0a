#pragma once
// The paper's action probe (sections 3 and 6.3): the trained tactile encoders are frozen, their
// joint feature map (C, 7, 10) is max-pooled by 2 to (C, 3, 5), flattened (3840 values for the
// paper configuration) and a single linear layer classifies the window's action. Accuracy per
// action and a confusion matrix tell how much of the action the encoders already know.
// Errors: Error when there are no labelled windows or fewer than two actions.
#include "insolepose/model/PoseModel.h"
#include "insolepose/model/TactileWindows.h"

#include <QJsonObject>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace insolepose::model {

struct ProbeResult {
    std::vector<std::string> actions; ///< Class order (rows and columns).
    std::vector<std::vector<std::size_t>> confusion; ///< [true][predicted] window counts.
    std::vector<double> perActionAccuracy; ///< Recall per true action, in [0, 1].
    double accuracy = 0; ///< Over all windows.
    double meanAccuracy = 0; ///< Mean of the per-action accuracies.
    std::size_t windows = 0;
    QJsonObject toJson() const;
};

struct ProbeOptions {
    int epochs = 30;
    int batch = 256;
    double learningRate = 1e-3;
    std::uint64_t seed = 1;
    std::size_t maxTrainWindows = 20000; ///< Features are cached in memory: 15 KiB each (paper).
};

class ActionProbe {
public:
    /// Uses (and never changes) `model`'s encoders; `actions` fixes the class order.
    ActionProbe(const PoseModel& model, std::vector<std::string> actions, ProbeOptions options = {});
    ~ActionProbe();
    int featureSize() const;
    /// Trains the linear layer on the labelled windows among `train` (unlabelled ones are skipped).
    /// `progress(epoch, epochs, loss)` after every epoch.
    void train(const WindowSource& source, const std::vector<WindowRef>& train,
               const std::function<void(int, int, double)>& progress = {});
    ProbeResult evaluate(const WindowSource& source, const std::vector<WindowRef>& windows) const;
    const std::vector<std::string>& actions() const;
    /// Softmax class probabilities (in actions() order) of every window, labelled or not.
    std::vector<std::vector<float>> probabilities(const WindowSource& source,
                                                  const std::vector<WindowRef>& windows) const;

    /// Saves the linear layer to `file` (TorchScript archive) and its actions to `file`.json. Throws IoError.
    void save(const std::filesystem::path& file, const QJsonObject& metadata = {}) const;
    /// Loads a probe saved by save() for `model`. Throws Error naming the file when it is missing,
    /// unreadable or made for encoders of another size.
    static std::unique_ptr<ActionProbe> load(const PoseModel& model, const std::filesystem::path& file);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

/// probe.json, per_action.csv, confusion.csv and their PNG charts in `dir`. Throws IoError.
void writeProbeReport(const std::filesystem::path& dir, const ProbeResult& r);

} // namespace insolepose::model
