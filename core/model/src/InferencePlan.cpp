#include "InferencePlan.h"

#include <algorithm>
#include <map>

namespace insolepose::model::detail {

namespace {

using Affine = InferencePlan::Affine;
using Conv = InferencePlan::Conv;

std::vector<float> toFloats(const torch::Tensor& t)
{
    const torch::Tensor c = t.detach().to(torch::kFloat).contiguous();
    return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

/// Eval batch norm as scale and shift, after `bias` and the LeakyReLU.
template <typename BatchNorm> Affine affineOf(const torch::Tensor& bias, const BatchNorm& bn)
{
    const torch::Tensor inv = torch::rsqrt(bn->running_var + bn->options.eps());
    const torch::Tensor scale = bn->weight.defined() ? bn->weight * inv : inv;
    const torch::Tensor shift = (bn->bias.defined() ? bn->bias : torch::zeros_like(scale)) - bn->running_mean * scale;
    return {bias.defined() ? toFloats(bias) : std::vector<float>(std::size_t(scale.numel()), 0.0f), toFloats(scale),
            toFloats(shift)};
}

Affine concat(const Affine& a, const Affine& b)
{
    Affine r = a;
    r.bias.insert(r.bias.end(), b.bias.begin(), b.bias.end());
    r.scale.insert(r.scale.end(), b.scale.begin(), b.scale.end());
    r.shift.insert(r.shift.end(), b.shift.begin(), b.shift.end());
    return r;
}

Conv makeConv(const torch::Tensor& weight, std::vector<int64_t> padding, int64_t groups, torch::ScalarType dtype)
{
    Conv c;
    c.padding = std::move(padding);
    c.ones.assign(c.padding.size(), 1);
    c.groups = groups;
    const torch::Tensor dense = weight.detach().to(dtype).contiguous().to_mkldnn();
    c.weight = c.padding.size() == 2 ? at::mkldnn_reorder_conv2d_weight(dense, c.padding, c.ones, c.ones, groups)
                                     : at::mkldnn_reorder_conv3d_weight(dense, c.padding, c.ones, c.ones, groups);
    return c;
}

std::vector<int64_t> paddingOf(const torch::nn::Conv3d& conv)
{
    const auto& p = c10::get<torch::ExpandingArray<3>>(conv->options.padding());
    return {(*p)[0], (*p)[1], (*p)[2]};
}

/// bias, LeakyReLU, batch norm (eval) of one channel: every layer's activation (docs/MODEL.md).
struct Activation {
    float bias, scale, shift, slope;
    Activation(const Affine& a, std::size_t c, float slope_)
        : bias(a.bias[c]), scale(a.scale[c]), shift(a.shift[c]), slope(slope_)
    {}
    float operator()(float v) const
    {
        v += bias;
        return scale * (v > 0.0f ? v : v * slope) + shift;
    }
};

/// An encoder layer's pass over (N, G * C, H, W): activation, then 2x2 max pooling when `pool`.
/// The last layer writes the feature map (N, C, H', G * W'): the feet side by side along W.
template <typename T>
void encoderPass(const torch::Tensor& in, torch::Tensor& out, const Affine& a, float slope, bool pool, bool sideBySide)
{
    const int64_t n = in.size(0), channels = in.size(1), h = in.size(2), w = in.size(3);
    const int64_t groups = 2, per = channels / groups;
    const int64_t ho = pool ? h / 2 : h, wo = pool ? w / 2 : w;
    const int64_t rowStride = sideBySide ? groups * wo : wo;
    const T* src = in.data_ptr<T>();
    T* dst = out.data_ptr<T>();
    for (int64_t b = 0; b < n; ++b)
        for (int64_t ch = 0; ch < channels; ++ch) {
            const Activation f(a, std::size_t(ch), slope);
            const T* plane = src + (b * channels + ch) * h * w;
            const int64_t g = ch / per, c = ch % per;
            T* target =
                sideBySide ? dst + (b * per + c) * ho * rowStride + g * wo : dst + (b * channels + ch) * ho * wo;
            for (int64_t y = 0; y < ho; ++y) {
                T* row = target + y * rowStride;
                if (!pool) {
                    const T* in0 = plane + y * w;
                    for (int64_t x = 0; x < wo; ++x)
                        row[x] = T(f(float(in0[x])));
                    continue;
                }
                const T* in0 = plane + 2 * y * w;
                const T* in1 = in0 + w;
                for (int64_t x = 0; x < wo; ++x)
                    row[x] = T(std::max(std::max(f(float(in0[2 * x])), f(float(in0[2 * x + 1]))),
                                        std::max(f(float(in1[2 * x])), f(float(in1[2 * x + 1])))));
            }
        }
}

/// D1's pass: (N, S * O, H, W) kernel-sum outputs -> (N, O, H, W, D) through the constant map.
template <typename T> void liftPass(const torch::Tensor& in, const std::vector<int>& sumOfDepth,
                                    const torch::Tensor& map, torch::Tensor& out, const Affine& a, float slope)
{
    const int64_t n = out.size(0), o = out.size(1), hw = out.size(2) * out.size(3), d = out.size(4);
    const int64_t sums = in.size(1) / o;
    const T* src = in.data_ptr<T>();
    const float* m = map.data_ptr<float>();
    T* dst = out.data_ptr<T>();
    for (int64_t b = 0; b < n; ++b)
        for (int64_t c = 0; c < o; ++c) {
            const Activation f(a, std::size_t(c), slope);
            for (int64_t i = 0; i < hw; ++i) {
                const float* mi = m + (c * hw + i) * d;
                T* di = dst + ((b * o + c) * hw + i) * d;
                for (int64_t z = 0; z < d; ++z) {
                    const int s = sumOfDepth[std::size_t(z)];
                    di[z] = T(f((s < 0 ? 0.0f : float(src[((b * sums + s) * o + c) * hw + i])) + mi[z]));
                }
            }
        }
}

/// In place over (N, C, ...).
template <typename T> void activationPass(torch::Tensor& t, const Affine& a, float slope)
{
    const int64_t n = t.size(0), c = t.size(1), per = t.numel() / std::max<int64_t>(1, n * c);
    T* p = t.data_ptr<T>();
    for (int64_t b = 0; b < n; ++b)
        for (int64_t ch = 0; ch < c; ++ch) {
            const Activation f(a, std::size_t(ch), slope);
            T* q = p + (b * c + ch) * per;
            for (int64_t i = 0; i < per; ++i)
                q[i] = T(f(float(q[i])));
        }
}

/// D3's pass: the 1x1 outputs (N, Co * ka * kb * kc, A2, B2 * C2) placed on the stride-s grid of
/// D4's input, minus the value `gap` of the voxels between the blocks, as the slices that meet a
/// block (N * slices, Co, B, C); `sliceOf` says which first-axis index each slice is.
template <typename T> void scatterPass(const torch::Tensor& in, const std::array<int64_t, 4>& shape, int64_t s,
                                       const std::array<int64_t, 3>& grid, const std::vector<int>& sliceOf,
                                       torch::Tensor& out, const Affine& aff, float slope)
{
    const auto [co, ka, kb, kc] = shape;
    const auto [a2, b2, c2] = grid;
    const int64_t n = in.size(0), slices = out.size(0) / n, sb = out.size(2), sc = out.size(3);
    const int64_t inPlane = a2 * b2 * c2, inChannels = co * ka * kb * kc;
    const T* src = in.data_ptr<T>();
    T* dst = out.data_ptr<T>();
    for (int64_t b = 0; b < n; ++b)
        for (std::size_t x = 0; x < sliceOf.size(); ++x) {
            if (sliceOf[x] < 0)
                continue;
            const int64_t ia = int64_t(x) / s, ja = int64_t(x) % s;
            for (int64_t ch = 0; ch < co; ++ch) {
                const Activation f(aff, std::size_t(ch), slope);
                const float gap = f(0.0f);
                T* plane = dst + ((b * slices + sliceOf[x]) * co + ch) * sb * sc;
                std::fill(plane, plane + sb * sc, T(0.0f));
                for (int64_t ib = 0; ib < b2; ++ib)
                    for (int64_t jb = 0; jb < kb; ++jb) {
                        T* row = plane + (ib * s + jb) * sc;
                        const T* from =
                            src + (b * inChannels + ((ch * ka + ja) * kb + jb) * kc) * inPlane + (ia * b2 + ib) * c2;
                        for (int64_t ic = 0; ic < c2; ++ic)
                            for (int64_t jc = 0; jc < kc; ++jc)
                                row[ic * s + jc] = T(f(float(from[jc * inPlane + ic])) - gap);
                    }
            }
        }
}

/// D4's pass: the constant map plus the first-axis taps of the slice outputs (N * slices,
/// taps * K, B', C'), clipped to [0, 1]: heatmaps (N, K, A', B', C') in float.
template <typename T> void headPass(const torch::Tensor& in, int64_t taps, int64_t pad, const std::vector<int>& sliceOf,
                                    const torch::Tensor& map, torch::Tensor& out)
{
    const int64_t n = out.size(0), k = out.size(1), ao = out.size(2), plane = out.size(3) * out.size(4);
    const int64_t slices = in.size(0) / n, a = int64_t(sliceOf.size());
    const T* src = in.data_ptr<T>();
    const float* m = map.data_ptr<float>();
    float* dst = out.data_ptr<float>();
    for (int64_t b = 0; b < n; ++b)
        for (int64_t c = 0; c < k; ++c)
            for (int64_t x = 0; x < ao; ++x) {
                float* row = dst + ((b * k + c) * ao + x) * plane;
                std::copy(m + (c * ao + x) * plane, m + (c * ao + x + 1) * plane, row);
                for (int64_t t = 0; t < taps; ++t) {
                    const int64_t from = x + t - pad;
                    if (from < 0 || from >= a || sliceOf[std::size_t(from)] < 0)
                        continue;
                    const T* s = src + ((b * slices + sliceOf[std::size_t(from)]) * taps * k + t * k + c) * plane;
                    for (int64_t i = 0; i < plane; ++i)
                        row[i] += float(s[i]);
                }
                for (int64_t i = 0; i < plane; ++i)
                    row[i] = std::clamp(row[i], 0.0f, 1.0f);
            }
}

/// The authors' soft-argmax (softArgmax in PoseNet.h) in one pass per heatmap.
torch::Tensor softArgmaxPass(const torch::Tensor& h)
{
    const int64_t n = h.size(0), k = h.size(1), sx = h.size(2), sy = h.size(3), sz = h.size(4);
    auto positions = [](int64_t size) {
        std::vector<float> p(std::size_t(size), 0.0f);
        for (int64_t i = 1; i < size; ++i)
            p[std::size_t(i)] = float(i) / float(size - 1);
        return p;
    };
    const std::vector<float> px = positions(sx), py = positions(sy), pz = positions(sz);
    torch::Tensor out = torch::empty({n, k, 3}, torch::kFloat);
    const float* src = h.data_ptr<float>();
    float* dst = out.data_ptr<float>();
    for (int64_t m = 0; m < n * k; ++m) {
        double total = 0.0, ex = 0.0, ey = 0.0, ez = 0.0;
        for (int64_t x = 0; x < sx; ++x) {
            double rowTotal = 0.0;
            for (int64_t y = 0; y < sy; ++y) {
                const float* p = src + ((m * sx + x) * sy + y) * sz;
                float sum = 0.0f, weighted = 0.0f;
                for (int64_t z = 0; z < sz; ++z) {
                    sum += p[z];
                    weighted += p[z] * pz[std::size_t(z)];
                }
                rowTotal += sum;
                ey += double(sum) * py[std::size_t(y)];
                ez += weighted;
            }
            total += rowTotal;
            ex += rowTotal * px[std::size_t(x)];
        }
        total += 1e-6;
        dst[m * 3] = float(ex / total);
        dst[m * 3 + 1] = float(ey / total);
        dst[m * 3 + 2] = float(ez / total);
    }
    return out;
}

} // namespace

torch::Tensor InferencePlan::Conv::run(const torch::Tensor& x) const
{
    return at::mkldnn_convolution(x, weight, c10::nullopt, padding, ones, ones, groups).contiguous();
}

InferencePlan::InferencePlan(const PoseNetImpl& net, torch::ScalarType dtype)
    : m_dtype(dtype), m_slope(net.config.leakySlope)
{
    torch::NoGradGuard noGrad;
    for (const auto& t : net.parameters())
        m_fingerprint.emplace_back(t.data_ptr(), int64_t(t._version()));
    for (const auto& t : net.buffers())
        m_fingerprint.emplace_back(t.data_ptr(), int64_t(t._version()));

    // Encoders: left and right weights as the two groups of one convolution.
    const std::array<ConvBlock2d, 4> left{net.left->b1, net.left->b2, net.left->b3, net.left->b4},
        right{net.right->b1, net.right->b2, net.right->b3, net.right->b4};
    int64_t h = net.config.inputRows, w = net.config.inputCols;
    for (std::size_t i = 0; i < left.size(); ++i) {
        m_encoder.push_back(makeConv(torch::cat({left[i]->conv->weight, right[i]->conv->weight}), {1, 1}, 2, dtype));
        m_encoderAffine.push_back(
            concat(affineOf(left[i]->conv->bias, left[i]->bn), affineOf(right[i]->conv->bias, right[i]->bn)));
        m_encoderPool.push_back(left[i]->pool);
        if (left[i]->pool) {
            h /= 2;
            w /= 2;
        }
    }
    w *= 2; // the feet side by side

    // D1: one kernel sum per distinct set of depth taps that stay inside the volume.
    const torch::Tensor w1 = net.d1->weight.detach(); // (O, C + 1, ka, kb, kc)
    const std::vector<int64_t> p1 = paddingOf(net.d1);
    const int64_t features = w1.size(1) - 1, kc = w1.size(4), depth = net.config.depthBins;
    const int64_t outDepth = depth + 2 * p1[2] - kc + 1;
    std::map<std::pair<int64_t, int64_t>, int> sumIndex;
    std::vector<torch::Tensor> sums;
    for (int64_t z = 0; z < outDepth; ++z) {
        const int64_t k0 = std::max<int64_t>(0, p1[2] - z), k1 = std::min(kc, depth + p1[2] - z);
        if (k1 <= k0) {
            m_d1SumOfDepth.push_back(-1);
            continue;
        }
        const auto [it, added] = sumIndex.emplace(std::make_pair(k0, k1), int(sums.size()));
        if (added)
            sums.push_back(w1.narrow(1, 0, features).slice(4, k0, k1).sum(4));
        m_d1SumOfDepth.push_back(it->second);
    }
    m_d1 = makeConv(torch::cat(sums), {p1[0], p1[1]}, 1, dtype);
    const torch::Tensor depthChannel = torch::linspace(0.0, 1.0, depth, torch::kFloat)
                                           .view({1, 1, 1, 1, depth})
                                           .expand({1, 1, h, w, depth})
                                           .contiguous();
    m_d1Map = torch::conv3d(depthChannel, w1.narrow(1, features, 1).contiguous(), net.d1->bias.detach(), 1, p1)
                  .squeeze(0)
                  .contiguous();
    m_d1Affine = affineOf(torch::Tensor(), net.bn1);

    m_d2 = makeConv(net.d2->weight, paddingOf(net.d2), 1, dtype);
    m_d2Affine = affineOf(net.d2->bias, net.bn2);

    // D3: every input voxel paints its own (ka, kb, kc) block when stride >= kernel.
    const torch::Tensor w3 = net.d3->weight.detach(); // (Ci, Co, ka, kb, kc)
    const auto& stride = net.d3->options.stride();
    m_d3Stride = (*stride)[0];
    TORCH_CHECK((*stride)[1] == m_d3Stride && (*stride)[2] == m_d3Stride && m_d3Stride >= w3.size(2) &&
                    m_d3Stride >= w3.size(3) && m_d3Stride >= w3.size(4),
                "the inference plan needs ConvTranspose3d with one stride >= its kernel");
    m_d3Shape = {w3.size(1), w3.size(2), w3.size(3), w3.size(4)};
    m_d3 = makeConv(w3.permute({1, 2, 3, 4, 0}).reshape({-1, w3.size(0), 1, 1}), {0, 0}, 1, dtype);
    m_d3Affine = affineOf(net.d3->bias, net.bn3);

    // D4 on the slices that meet a block, the first-axis taps stacked as output channels.
    const torch::Tensor w4 = net.d4->weight.detach(); // (K, Co, ka, kb, kc)
    const std::vector<int64_t> p4 = paddingOf(net.d4);
    m_d4Taps = w4.size(2);
    m_d4Pad = p4[0];
    m_d4 = makeConv(w4.permute({2, 0, 1, 3, 4}).reshape({-1, w4.size(1), w4.size(3), w4.size(4)}), {p4[1], p4[2]}, 1,
                    dtype);
    // Sizes through D1 and D2 (stride 1) and D3, then which first-axis indices meet a block.
    std::array<int64_t, 3> size{h, w, depth};
    for (const torch::nn::Conv3d* conv : {&net.d1, &net.d2}) {
        const std::vector<int64_t> pad = paddingOf(*conv);
        for (std::size_t i = 0; i < 3; ++i)
            size[i] += 2 * pad[i] - (*conv)->weight.size(int64_t(i) + 2) + 1;
    }
    for (std::size_t i = 0; i < 3; ++i)
        size[i] = (size[i] - 1) * m_d3Stride + m_d3Shape[i + 1];
    for (int64_t x = 0; x < size[0]; ++x)
        m_sliceOf.push_back(x % m_d3Stride < m_d3Shape[1] ? int(m_slices++) : -1);
    // The map: D4 over a volume that holds each channel's between-blocks value everywhere.
    std::vector<float> gap;
    for (std::size_t c = 0; c < std::size_t(m_d3Shape[0]); ++c)
        gap.push_back(Activation(m_d3Affine, c, m_slope)(0.0f));
    const torch::Tensor between = torch::tensor(gap).view({1, -1, 1, 1, 1}).expand({1, -1, size[0], size[1], size[2]});
    m_d4Map = torch::conv3d(between.contiguous(), w4, net.d4->bias.detach(), 1, p4).squeeze(0).contiguous();
}

bool InferencePlan::matches(const PoseNetImpl& net) const
{
    std::size_t i = 0;
    auto same = [&](const torch::Tensor& t) {
        return i < m_fingerprint.size() && m_fingerprint[i].first == t.data_ptr() &&
               m_fingerprint[i++].second == int64_t(t._version());
    };
    for (const auto& t : net.parameters())
        if (!same(t))
            return false;
    for (const auto& t : net.buffers())
        if (!same(t))
            return false;
    return i == m_fingerprint.size();
}

torch::Tensor InferencePlan::keypoints(const torch::Tensor& windows, torch::Tensor* heatmaps) const
{
    return m_dtype == torch::kBFloat16 ? forward<c10::BFloat16>(windows, heatmaps) : forward<float>(windows, heatmaps);
}

template <typename T> torch::Tensor InferencePlan::forward(const torch::Tensor& windows, torch::Tensor* heatmaps) const
{
    const int64_t n = windows.size(0);
    const auto opts = torch::TensorOptions().dtype(m_dtype);
    torch::Tensor x = windows.reshape({n, 2 * windows.size(2), windows.size(3), windows.size(4)}).to(m_dtype);
    for (std::size_t i = 0; i < m_encoder.size(); ++i) {
        const torch::Tensor y = m_encoder[i].run(x);
        const bool pool = m_encoderPool[i], last = i + 1 == m_encoder.size();
        const int64_t h = pool ? y.size(2) / 2 : y.size(2), w = pool ? y.size(3) / 2 : y.size(3);
        x = last ? torch::empty({n, y.size(1) / 2, h, 2 * w}, opts) : torch::empty({n, y.size(1), h, w}, opts);
        encoderPass<T>(y, x, m_encoderAffine[i], m_slope, pool, last);
    }
    const torch::Tensor sums = m_d1.run(x);
    torch::Tensor v = torch::empty({n, m_d1Map.size(0), m_d1Map.size(1), m_d1Map.size(2), m_d1Map.size(3)}, opts);
    liftPass<T>(sums, m_d1SumOfDepth, m_d1Map, v, m_d1Affine, m_slope);
    torch::Tensor y = m_d2.run(v);
    activationPass<T>(y, m_d2Affine, m_slope);
    const std::array<int64_t, 3> grid{y.size(2), y.size(3), y.size(4)};
    const torch::Tensor blocks = m_d3.run(y.view({n, y.size(1), grid[0], grid[1] * grid[2]}));
    const int64_t s = m_d3Stride;
    torch::Tensor slices = torch::empty(
        {n * m_slices, m_d3Shape[0], (grid[1] - 1) * s + m_d3Shape[2], (grid[2] - 1) * s + m_d3Shape[3]}, opts);
    scatterPass<T>(blocks, m_d3Shape, s, grid, m_sliceOf, slices, m_d3Affine, m_slope);
    const torch::Tensor taps = m_d4.run(slices);
    torch::Tensor h =
        torch::empty({n, m_d4Map.size(0), m_d4Map.size(1), m_d4Map.size(2), m_d4Map.size(3)}, torch::kFloat);
    headPass<T>(taps, m_d4Taps, m_d4Pad, m_sliceOf, m_d4Map, h);
    if (heatmaps)
        *heatmaps = h;
    return softArgmaxPass(h);
}

} // namespace insolepose::model::detail
