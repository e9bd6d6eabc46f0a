#pragma once
// A 3D view of one 19-keypoint skeleton over a floor grid, rendered by VTK inside a Qt 6
// QOpenGLWidget. VTK stays behind the pimpl: this header names no VTK type. Reports no errors;
// a pose with non-finite coordinates is hidden.
#include "insolepose/Skeleton.h"

#include <QOpenGLWidget>

#include <memory>
#include <optional>

namespace insolepose {

class SkeletonView : public QOpenGLWidget {
    Q_OBJECT
public:
    explicit SkeletonView(QWidget* parent = nullptr);
    ~SkeletonView() override;

    void setPose(const std::optional<Pose>& pose);
    bool hasPose() const;
    /// Requests the OpenGL 3.2 core default format VTK needs; call before QApplication exists.
    static void prepareDefaultSurfaceFormat();

    QSize sizeHint() const override { return {360, 300}; }

protected:
    void initializeGL() override;
    void resizeGL(int w, int h) override;
    void paintGL() override;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace insolepose
