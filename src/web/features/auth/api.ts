import { useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { TSessionResponse, ZLoginRequest, ZMfaVerifyRequest, ZPasswordChangeRequest, ZTotpSetupResponse } from '../../../contract/auth';
import { api, apiRequest } from '../../app/api';
import { useAuth } from '../../app/auth';

type TLogin = z.infer<typeof ZLoginRequest>;
type TMfa = z.infer<typeof ZMfaVerifyRequest>;
type TPasswordChange = z.infer<typeof ZPasswordChangeRequest>;
export type TTotpSetup = z.infer<typeof ZTotpSetupResponse>;

export function useLogin() {
  const { setSession } = useAuth();
  return useMutation({
    mutationFn: (body: TLogin) => apiRequest<TSessionResponse>('/auth/login', { method: 'POST', body, quiet401: true }),
    onSuccess: setSession,
  });
}

export function useMfaVerify() {
  const { setSession } = useAuth();
  return useMutation({
    mutationFn: (body: TMfa) => apiRequest<TSessionResponse>('/auth/mfa/verify', { method: 'POST', body, quiet401: true }),
    onSuccess: setSession,
  });
}

export function useMfaSetup(enabled: boolean) {
  return useQuery({
    queryKey: ['mfa-setup'],
    queryFn: () => apiRequest<TTotpSetup>('/auth/mfa/setup', { quiet401: true }),
    enabled,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
}

export function useMfaEnable() {
  const { setSession } = useAuth();
  return useMutation({
    mutationFn: (body: TMfa) => apiRequest<TSessionResponse>('/auth/mfa/enable', { method: 'POST', body, quiet401: true }),
    onSuccess: setSession,
  });
}

export function usePasswordChange() {
  const { setSession } = useAuth();
  return useMutation({
    mutationFn: (body: TPasswordChange) => api.post<TSessionResponse>('/auth/password', body),
    onSuccess: setSession,
  });
}
