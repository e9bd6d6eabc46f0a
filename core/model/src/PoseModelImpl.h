#pragma once
// Internal (torch): what a PoseModel holds.
#include "InferencePlan.h"
#include "PoseNet.h"
#include "insolepose/model/PoseModel.h"
#include "insolepose/model/ThreadChooser.h"

#include <array>
#include <memory>
#include <mutex>

namespace insolepose::model {

struct PoseModel::Impl {
    ModelConfig config;
    detail::PoseNet net{nullptr};
    QJsonObject metadata;
    std::filesystem::path file; ///< Where it was loaded from or last saved to (for messages).

    /// The inference plan for `precision`, built on first use and again after the weights change.
    std::shared_ptr<const detail::InferencePlan> plan(Precision precision);
    ThreadChooser threads; ///< For PredictOptions::adaptiveThreads.

private:
    std::mutex m_planMutex;
    std::array<std::shared_ptr<const detail::InferencePlan>, 2> m_plans; ///< Float32, BFloat16.
};

} // namespace insolepose::model
