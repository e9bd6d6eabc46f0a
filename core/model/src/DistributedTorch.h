#pragma once
// Internal (torch): the collectives of a DistributedGroup on tensors, for the trainer.
#include "insolepose/model/Distributed.h"

#include <torch/torch.h>

#include <vector>

namespace insolepose::model::detail {

/// Sums `tensors` (contiguous, float) in place over the ranks, as one flattened buffer. `what`
/// names the step in the error message when a rank went away.
void allReduceSum(DistributedGroup& group, const std::vector<torch::Tensor>& tensors, const std::string& what);
/// Every rank gets rank 0's `tensors` (in place), as one flattened buffer.
void broadcastTensors(DistributedGroup& group, const std::vector<torch::Tensor>& tensors, const std::string& what);
/// Averages the floating-point buffers (batch-norm running statistics) over the ranks.
void averageBuffers(DistributedGroup& group, torch::nn::Module& net);
/// Every rank gets rank 0's Adam state (moments and step counts; none where rank 0 has none).
void broadcastAdamState(DistributedGroup& group, torch::optim::Adam& optimizer);

} // namespace insolepose::model::detail
