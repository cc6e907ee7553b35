// The signed-in person: loaded from /auth/me, kept in the query cache under ['me'].
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Result } from 'antd';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import type { Me } from '../contracts/auth.js';
import type { Permission } from '../contracts/enums.js';
import { ApiError, api, setAuthEvents, setCsrfToken } from './api.js';
import { FullPageSpin } from './components/FullPageSpin.js';
import { getFeedback } from './feedback.js';
import { withSnapshot } from './offline/outbox.js';
import { saveSnapshot } from './offline/store.js';

export const ME_KEY = ['me'] as const;

/**
 * The signed-in person. Kept on the phone (without the CSRF token) so the app opened with no signal
 * still knows who works in it (issue 17); a 401 still goes to the login page.
 */
export async function fetchMe(): Promise<Me> {
  const me = await withSnapshot('me', () => api.me(), (m) => ({ ...m, csrfToken: '' }));
  setCsrfToken(me.csrfToken || null);
  return me;
}

export function useMeQuery() {
  // networkMode 'always': opened with no signal, the person comes from the phone's copy.
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: false, networkMode: 'always' });
}

const MeContext = createContext<Me | null>(null);

/** The signed-in person; only below RequireAuth. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside RequireAuth');
  return me;
}

export function useCan() {
  const me = useMe();
  return (permission: Permission) => me.permissions.includes(permission);
}

/** Where the login page should send the person afterwards. */
export interface LoginState {
  from?: string;
  reason?: string;
}

/** Renders its children once the person is known; sends them to /login otherwise. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const me = useMeQuery();
  // Also when the login page put the person in the cache without fetchMe: the copy for offline starts.
  useEffect(() => {
    if (me.data) void saveSnapshot('me', { ...me.data, csrfToken: '' }).catch(() => undefined);
  }, [me.data]);
  if (me.isPending) {
    return <FullPageSpin />;
  }
  if (me.isError) {
    if (me.error instanceof ApiError && me.error.status === 401) {
      const state: LoginState = { from: location.pathname + location.search, reason: me.error.code };
      return <Navigate to="/login" replace state={state} />;
    }
    return (
      <Result
        status="error"
        title="无法加载您的账号信息"
        subTitle={me.error instanceof ApiError ? me.error.message : '请检查网络后重试'}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            重试
          </Button>
        }
      />
    );
  }
  if (me.data.user.mustChangePassword && location.pathname !== '/account') {
    return <Navigate to="/account" replace state={{ mustChange: true }} />;
  }
  return <MeContext.Provider value={me.data}>{children}</MeContext.Provider>;
}

/** Shows the page only when the person holds the permission (or one of several). */
export function RequirePermission({ permission, children }: { permission: Permission | readonly Permission[]; children: ReactNode }) {
  const can = useCan();
  const navigate = useNavigate();
  if (!(typeof permission === 'string' ? [permission] : permission).some(can)) {
    return (
      <Result
        status="403"
        title="无权访问"
        subTitle="您的角色没有使用此功能的权限。如需使用，请联系本单位管理员。"
        extra={
          <Button type="primary" onClick={() => navigate('/')}>
            返回工作台
          </Button>
        }
      />
    );
  }
  return <>{children}</>;
}

/**
 * Connects the API's auth events to navigation: a lost session goes to /login (saying why when it
 * timed out), and "password must be changed" goes to /account.
 */
export function AuthBridge() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useEffect(() => {
    setAuthEvents({
      onUnauthorized: (err) => {
        setCsrfToken(null);
        if (window.location.pathname === '/login') return;
        const { message } = getFeedback();
        if (err.code === 'SESSION_EXPIRED') {
          message.warning({ key: 'session', content: `登录已超时：${err.message}`, duration: 6 });
        }
        const state: LoginState = { from: window.location.pathname + window.location.search, reason: err.code };
        queryClient.clear();
        navigate('/login', { replace: true, state });
      },
      onPasswordChangeRequired: (err) => {
        getFeedback().message.warning({ key: 'must-change', content: err.message });
        void queryClient.invalidateQueries({ queryKey: ME_KEY });
        if (window.location.pathname !== '/account') navigate('/account', { replace: true, state: { mustChange: true } });
      },
    });
  }, [navigate, queryClient]);
  return null;
}
