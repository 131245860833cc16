"""predict: the neuron's output has the shape of w * x + b."""
import numpy as np
import pytest

import lessons_lib as ll


def test_predict_shapes_follow_w_times_x_plus_b():
    x_col = np.array([[1.0], [2.0]])
    assert ll.predict(x_col, 2.0, 1.0).shape == (2, 1)
    assert ll.predict([1.0, 2.0], 2.0, 1.0).tolist() == [3.0, 5.0]
    assert ll.predict([[1.0, 2.0], [3.0, 4.0]], [1.0, -1.0], 0.5).tolist() == [-0.5, -0.5]


def test_predict_checks_its_input():
    with pytest.raises(ValueError, match=r"w must have shape \(2,\)"):
        ll.predict([[1.0, 2.0]], 1.0, 0.0)
    with pytest.raises(ValueError, match="b must be a single number"):
        ll.predict([1.0], 1.0, [0.0, 1.0])
