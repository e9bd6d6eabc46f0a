#include "SkeletonRenderer.h"

#include "insolepose/Error.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace insolepose::synth::detail {
namespace {

using K = Keypoint;

cv::Scalar sideColour(Side s, double shade)
{
    switch (s) {
    case Side::Left: return cv::Scalar(235, 140, 60) * shade; // blue (BGR)
    case Side::Right: return cv::Scalar(60, 120, 240) * shade; // orange
    case Side::Centre: break;
    }
    return cv::Scalar(200, 200, 200) * shade;
}

} // namespace

struct SkeletonRenderer::Impl {
    PinholeCamera cam;
    cv::Mat background;

    bool toPixel(const Eigen::Vector3f& world, cv::Point2f& px, double* depth = nullptr) const
    {
        const Eigen::Vector3d c = cam.toCamera(world.cast<double>());
        if (c.z() < 0.1)
            return false;
        const Eigen::Vector2d p = cam.project(c);
        px = cv::Point2f(float(p.x()), float(p.y()));
        if (depth)
            *depth = c.z();
        return true;
    }

    void drawBackground()
    {
        background.create(cam.height, cam.width, CV_8UC3);
        for (int y = 0; y < cam.height; ++y) {
            const double f = double(y) / cam.height;
            background.row(y).setTo(cv::Scalar(70 + 40 * (1 - f), 62 + 35 * (1 - f), 55 + 30 * (1 - f)));
        }
        // Floor: a 10 m grid, drawn in short pieces so that lines passing behind the camera clip.
        for (int i = -10; i <= 10; ++i) {
            for (int axis = 0; axis < 2; ++axis) {
                const float fixed = 0.5f * float(i);
                for (int k = 0; k < 40; ++k) {
                    const float a = -5.0f + 0.25f * float(k), b = a + 0.25f;
                    const Eigen::Vector3f p0 = axis == 0 ? Eigen::Vector3f(fixed, a, 0) : Eigen::Vector3f(a, fixed, 0);
                    const Eigen::Vector3f p1 = axis == 0 ? Eigen::Vector3f(fixed, b, 0) : Eigen::Vector3f(b, fixed, 0);
                    cv::Point2f q0, q1;
                    if (toPixel(p0, q0) && toPixel(p1, q1))
                        cv::line(background, q0, q1, i == 0 ? cv::Scalar(120, 120, 120) : cv::Scalar(95, 92, 90), 1,
                                 cv::LINE_AA);
                }
            }
        }
    }
};

SkeletonRenderer::SkeletonRenderer(PinholeCamera camera) : d(std::make_unique<Impl>())
{
    d->cam = std::move(camera);
    d->drawBackground();
}

SkeletonRenderer::~SkeletonRenderer() = default;

void SkeletonRenderer::render(const Pose& pose, double t_s, Image& out) const
{
    cv::Mat img = d->background.clone();
    const double f = d->cam.fx;

    // Shadow on the floor.
    for (const Bone& b : skeletonBones()) {
        Eigen::Vector3f a = boneEnd(pose, b.fromKind, b.from), c = boneEnd(pose, b.toKind, b.to);
        a.z() = c.z() = 0.0f;
        cv::Point2f pa, pc;
        double depth = 1;
        if (d->toPixel(a, pa, &depth) && d->toPixel(c, pc))
            cv::line(img, pa, pc, cv::Scalar(45, 42, 40), std::max(2, int(f * 0.07 / depth)), cv::LINE_AA);
    }

    // Limbs, torso and head, far to near.
    struct Item {
        double depth;
        int kind; // 0 bone, 1 torso, 2 head
        const Bone* bone;
    };
    std::vector<Item> items;
    for (const Bone& b : skeletonBones()) {
        const Eigen::Vector3f mid = 0.5f * (boneEnd(pose, b.fromKind, b.from) + boneEnd(pose, b.toKind, b.to));
        items.push_back({d->cam.toCamera(mid.cast<double>()).z(), 0, &b});
    }
    const Eigen::Vector3f torso = 0.5f * (neck(pose) + pelvis(pose));
    items.push_back({d->cam.toCamera(torso.cast<double>()).z() + 0.05, 1, nullptr});
    items.push_back({d->cam.toCamera(pose[0].cast<double>()).z(), 2, nullptr});
    std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.depth > b.depth; });

    for (const Item& it : items) {
        if (it.kind == 0) {
            const Bone& b = *it.bone;
            cv::Point2f pa, pc;
            double da = 1, dc = 1;
            if (!d->toPixel(boneEnd(pose, b.fromKind, b.from), pa, &da) ||
                !d->toPixel(boneEnd(pose, b.toKind, b.to), pc, &dc))
                continue;
            const Side s = b.toKind == Bone::End::Keypoint ? side(b.to) : Side::Centre;
            const int r = std::max(2, int(f * 0.045 / (0.5 * (da + dc))));
            // A darker rim and a lighter core read as a rounded limb.
            cv::line(img, pa, pc, sideColour(s, 0.55), 2 * r, cv::LINE_AA);
            cv::line(img, pa, pc, sideColour(s, 0.95), std::max(1, r), cv::LINE_AA);
            cv::circle(img, pc, r, sideColour(s, 0.8), cv::FILLED, cv::LINE_AA);
        } else if (it.kind == 1) {
            cv::Point2f q[4];
            const K corners[4] = {K::LeftShoulder, K::RightShoulder, K::RightHip, K::LeftHip};
            bool ok = true;
            for (int i = 0; i < 4; ++i)
                ok &= d->toPixel(pose[std::size_t(corners[i])], q[i]);
            if (ok) {
                std::vector<cv::Point> poly(q, q + 4);
                cv::fillConvexPoly(img, poly, cv::Scalar(150, 150, 150), cv::LINE_AA);
                cv::polylines(img, poly, true, cv::Scalar(90, 90, 90), 2, cv::LINE_AA);
            }
        } else {
            const Eigen::Vector3f centre = pose[0] + 0.3f * (neck(pose) - pose[0]) + Eigen::Vector3f(0, 0, 0.02f);
            cv::Point2f c;
            double depth = 1;
            if (d->toPixel(centre, c, &depth)) {
                const int r = std::max(3, int(f * 0.11 / depth));
                cv::circle(img, c, r, cv::Scalar(175, 190, 215), cv::FILLED, cv::LINE_AA);
                cv::circle(img, c, r, cv::Scalar(90, 100, 120), 2, cv::LINE_AA);
            }
        }
    }

    char text[64];
    std::snprintf(text, sizeof text, "%s  t=%.3f s", d->cam.name.c_str(), t_s);
    cv::putText(img, text, cv::Point(8, 20), cv::FONT_HERSHEY_SIMPLEX, 0.5, cv::Scalar(235, 235, 235), 1, cv::LINE_AA);

    out.width = img.cols;
    out.height = img.rows;
    out.bgr.assign(img.data, img.data + img.total() * img.elemSize());
}

void writeVideo(const std::filesystem::path& path, int width, int height, double fps, std::size_t frames,
                const std::function<void(std::size_t, Image&)>& frameAt)
{
    cv::VideoWriter writer(path.string(), cv::VideoWriter::fourcc('a', 'v', 'c', '1'), fps, cv::Size(width, height));
    if (!writer.isOpened())
        throw IoError(path.string() + ": cannot open an H.264 video encoder (OpenCV/FFmpeg)");
    Image image;
    for (std::size_t i = 0; i < frames; ++i) {
        frameAt(i, image);
        if (image.width != width || image.height != height)
            throw Error(path.string() + ": frame size changed while writing");
        writer.write(cv::Mat(height, width, CV_8UC3, image.bgr.data()));
    }
    writer.release();
}

} // namespace insolepose::synth::detail
